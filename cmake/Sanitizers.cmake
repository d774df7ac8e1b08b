# AddressSanitizer + UndefinedBehaviorSanitizer for the whole build (CI runs
# the test suite under them).
add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=address,undefined)
