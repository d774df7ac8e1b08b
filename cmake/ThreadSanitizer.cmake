# ThreadSanitizer for the whole build (CI builds the threaded pipeline's
# tests with it: .ci/run). Not combinable with PARALLAX_SANITIZE (ASan).
add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=thread)
