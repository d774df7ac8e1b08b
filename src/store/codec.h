#pragma once
// Codec: how the store keeps analysed stories and what changed between two
// analyses of one story (internal to src/store).
//
//   std::string blob = EncodeStory(story);      // compact JSON, every field
//   Result<Story> back = DecodeStory(blob);     // exact round trip
//   std::string d = StoryDigest(story, outlet_of);  // what a revision remembers
//   std::vector<StoryChange> c = DiffDigests(old_digest, new_digest);

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/model.h"
#include "store/store.h"

namespace parallax::store_internal {

// Compact JSON, zlib-compressed (Pack); DecodeStory also reads plain JSON.
std::string EncodeStory(const Story& story);
Result<Story> DecodeStory(const std::string& blob);

std::string EncodeRemoved(const std::vector<RemovedBlock>& removed);
std::vector<RemovedBlock> DecodeRemoved(const std::string& blob);

// 'Z' + size + zlib data; Unpack returns plain text unchanged, nullopt when damaged.
std::string Pack(const std::string& text);
std::optional<std::string> Unpack(const std::string& blob);

// An article text as the store keeps it: a zstd frame (level 9) when that
// is smaller than the text, else nullopt (keep the text plain; short RSS
// items often gain nothing). DecompressText reads the frame back; nullopt
// when the bytes are not one whole frame (damaged).
std::optional<std::string> CompressText(std::string_view text);
std::optional<std::string> DecompressText(std::string_view frame);
bool IsCompressedText(std::string_view bytes);  // starts with the zstd frame magic

// What the story search indexes besides the title: the summary sentences,
// the quotes ("speaker: text") and the entity names, one per line.
std::string StorySearchBody(const Story& story);
// The same from a stored report (EncodeStory's bytes) without decoding the
// whole story: a streaming read of the three lists only (the story
// search's snippets read one per hit; 5x less work than DecodeStory).
// nullopt when the bytes are damaged or lack a field the body needs.
std::optional<std::string> StorySearchBodyOf(const std::string& blob);

// A story's digest (packed JSON): its outlets, its facts with their outlets and
// citations, its conflicts and its quotes. `outlet_of` maps an article id
// to its outlet (source, else the id itself).
std::string StoryDigest(const Story& story, const std::function<std::string(const std::string&)>& outlet_of);

// What `now` has that `before` did not ("" = an empty story): new outlets,
// new facts, facts that gained or lost outlets, new conflicts, new quotes.
// A fact is the same when its text is or when it shares a citation.
std::vector<StoryChange> DiffDigests(const std::string& before, const std::string& now);

}  // namespace parallax::store_internal
