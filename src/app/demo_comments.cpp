// The demo discussions. The tide gauge article has the long thread: more top-level comments than
// one page shows, a reply chain longer than the embedded replies, a moderator's answer, an edited
// comment, nameless readers and a reader typing markup that must stay text. The seal count has
// no comments, to show the empty state. Every name and opinion here is invented.
#include "app/demo_publication.hpp"

namespace tribune::app::demo {

namespace {

using namespace std::chrono_literals;
using domain::Role;

constexpr CommentSeed kComments[] = {
    // The tide gauge article, published 51 hours (3060 minutes) before seeding.
    {.article = kTideGaugeSlug,
     .name = "Gareth Pellow",
     .age = 3041min,
     .text = "Finally. The old recorder said \"high water\" for most of last August."},
    {.article = kTideGaugeSlug,
     .age = 3012min,
     .text = "Watched the whole thing with my morning coffee. Very calming."},
    {.article = kTideGaugeSlug,
     .key = "third-berth",
     .name = "Ines Marlowe",
     .age = 2980min,
     .text = R"(I've kept a boat on the inner wall for eleven years.

The depth at the third berth on a spring low has always been guesswork. If the new numbers are even half right, that alone is worth the money.

One request for the harbour office: please show the reading in feet as well as metres. Half the old hands on the quay still think in feet.)"},
    {.article = kTideGaugeSlug,
     .key = "birds",
     .name = "Priya Holloway",
     .age = 2955min,
     .text = "Is the radar safe for the birds that sit on the end of the pier? Genuine question, not trying "
             "to start anything."},
    {.article = kTideGaugeSlug,
     .name = "Old Tom",
     .age = 2930min,
     .text = "About half a minute in you can see the Morwenna float off the mud. Good boat, that."},
    {.article = kTideGaugeSlug,
     .name = "Sofia Brandt",
     .age = 2890min,
     .text = "I typed <b>not bold</b> here to see whether the comment box does formatting. It doesn't, which "
             "I suppose is the point. Lovely video anyway."},
    {.article = kTideGaugeSlug,
     .reply_to = "third-berth",
     .name = "Gareth Pellow",
     .age = 2870min,
     .text = "Seconded on feet. My depth sounder is thirty years old and has never heard of metres."},
    {.article = kTideGaugeSlug,
     .reply_to = "birds",
     .name = "Hanne Kirby",
     .role = Role::kModerator,
     .age = 2840min,
     .text = "Good question, Priya. We asked the harbour office: the beam is about as strong as a car's "
             "parking sensor and points straight down at the water. The gulls have been sitting on top of "
             "it since Monday, which we are choosing to read as a good review."},
    {.article = kTideGaugeSlug,
     .age = 2810min,
     .text = "Why does everything go purple towards the middle? Is that the camera or the sky?"},
    {.article = kTideGaugeSlug,
     .reply_to = "third-berth",
     .name = "Hugh Tremayne",
     .age = 2790min,
     .text =
         "Metres and feet side by side should be easy. It's a conversion on the display, not a new gauge."},
    {.article = kTideGaugeSlug,
     .reply_to = "birds",
     .name = "Priya Holloway",
     .age = 2760min,
     .text = "Ha, thanks Hanne. That's reassuring."},
    {.article = kTideGaugeSlug,
     .name = "Callum Reeve",
     .age = 2700min,
     .text = "The lifeboat crew will be glad of the surge alerts. We were caught out twice this winter by "
             "water well above the tables."},
    {.article = kTideGaugeSlug,
     .reply_to = "third-berth",
     .age = 2650min,
     .text = "For what it's worth, the third berth at a spring low is about 1.1 m by my reckoning."},
    {.article = kTideGaugeSlug,
     .name = "Agnes Tolliver",
     .age = 2580min,
     .text = "My grandfather read the tide board by hand before the float recorder went in. He would have "
             "loved this."},
    {.article = kTideGaugeSlug,
     .reply_to = "third-berth",
     .name = "Ines Marlowe",
     .age = 2540min,
     .text = "That matches what my keel has told me, painfully."},
    {.article = kTideGaugeSlug,
     .name = "Rob Estwick",
     .age = 2460min,
     .text =
         "Six more ports this year? I hope Pennock gets one. Our slipway floods on every other spring tide."},
    {.article = kTideGaugeSlug,
     .name = "Marguerite Osei",
     .age = 2390min,
     .text = "Could the readings be downloadable? I teach geography at the high school and a real tide curve "
             "from our own town would beat anything in the textbook."},
    {.article = kTideGaugeSlug,
     .reply_to = "third-berth",
     .name = "Callum Reeve",
     .age = 2310min,
     .text = "Careful at the third berth whatever the gauge says. There's a ledge on the seaward side that "
             "no instrument on the pier will tell you about."},
    {.article = kTideGaugeSlug,
     .age = 2240min,
     .text = "Four minutes fifty-three of water going up and down. Enjoyed every second, no notes."},
    {.article = kTideGaugeSlug,
     .key = "cost",
     .name = "J. Harrow",
     .age = 2180min,
     .text = "Sceptical about the cost. The float recorder worked fine whenever someone maintained it. "
             "Replacing things because the upkeep was skipped is a habit round here."},
    {.article = kTideGaugeSlug,
     .name = "Fiona Gask",
     .age = 2120min,
     .text = "Does anyone know whether the reading is relative to chart datum or to the old harbour zero?",
     .edited_text = "Does anyone know whether the reading is relative to chart datum or to the old harbour "
                    "zero?\n\nAnswering myself: the harbour office notice says chart datum."},
    {.article = kTideGaugeSlug,
     .reply_to = "cost",
     .name = "Beatrix Lund",
     .age = 2090min,
     .text = "The article says most of the money came from the regional programme, not the town."},
    {.article = kTideGaugeSlug,
     .name = "Oskar Penhale",
     .age = 2010min,
     .text = "The screen in the chandlery window is a nice touch. Walked past last night and three people "
             "were standing there arguing about whether it was right."},
    {.article = kTideGaugeSlug,
     .reply_to = "third-berth",
     .name = "Ines Marlowe",
     .age = 1930min,
     .text = "Thanks, everyone. I've written to the harbour office about the units and will report back."},
    {.article = kTideGaugeSlug,
     .name = "Wendell Ayre",
     .age = 1850min,
     .text = "Long-time reader, first comment. Local reporting like this is why I still subscribe."},
    {.article = kTideGaugeSlug,
     .name = "Nadia Corrin",
     .age = 1720min,
     .text = "The boats settling onto the mud is oddly satisfying to watch."},
    {.article = kTideGaugeSlug,
     .name = "Hugh Tremayne",
     .age = 1600min,
     .text = R"(Some background for anyone wondering why the prediction and the reading differ.

Tide tables are worked out from the moon and the sun alone. They know nothing about the weather.

A deep low-pressure system can lift the sea by thirty centimetres or more, and a strong onshore wind piles water against the coast on top of that. On a stormy spring tide the gap can be large, and that gap is exactly what the surge warning is meant to catch.)"},
    {.article = kTideGaugeSlug,
     .key = "sound",
     .age = 1380min,
     .text = "Is there meant to be sound? Mine plays silent."},
    {.article = kTideGaugeSlug,
     .reply_to = "sound",
     .name = "Nadia Corrin",
     .age = 1350min,
     .text = "No sound, it's only pictures. Mine is silent too."},
    {.article = kTideGaugeSlug,
     .name = "Leona Fitch",
     .age = 1140min,
     .text = "Beautiful. Please do another one for the equinox tides."},
    {.article = kTideGaugeSlug,
     .name = "Emrys Vane",
     .age = 900min,
     .text = "One reading a minute averaged from sixty is sensible for most people. I'd still love the raw "
             "once-a-second values for looking at swell, if the office is willing to share them."},
    {.article = kTideGaugeSlug,
     .name = "Colm Daintree",
     .age = 610min,
     .text = "I saw the installation crew out on the pier end in that sleet last month. Hats off to them."},
    {.article = kTideGaugeSlug,
     .name = "Rosalind Pike",
     .age = 380min,
     .text = "Not to be that person, but the chandlery screen was showing yesterday's date this morning."},
    {.article = kTideGaugeSlug, .age = 190min, .text = "Quillhaven getting something right for once!"},
    {.article = kTideGaugeSlug,
     .name = "Ivo Saltash",
     .age = 75min,
     .text = "Checked the live reading before taking the dinghy out: 1.8 m at the inner berths, which is "
             "exactly what it looked like. Brilliant."},
    {.article = kTideGaugeSlug,
     .name = "Tamsin Rowe",
     .age = 12min,
     .text = "Sent this to my sister overseas. She says the harbour hasn't changed a bit."},

    // The broadband co-op: a few comments.
    {.article = kBroadbandSlug,
     .name = "Mairead Coll",
     .age = 7020min,
     .text = "Those of us further up the valley are watching this closely. Well done, Carrick Fold."},
    {.article = kBroadbandSlug,
     .name = "Pete Arnull",
     .age = 5230min,
     .text = "The hedge page in the handbook made me laugh. Been there, dug that."},

    // The cycle lane: a few comments, one reply.
    {.article = kCycleLaneSlug,
     .name = "Harriet Vosper",
     .age = 15400min,
     .text =
         "My daughter has cycled to school every day since the trial began. Before it, I wouldn't let her."},
    {.article = kCycleLaneSlug,
     .key = "bays",
     .age = 14200min,
     .text =
         "The loading bays should have been there from the start. The bakery van parked in the lane every "
         "single morning."},
    {.article = kCycleLaneSlug,
     .reply_to = "bays",
     .name = "Owen Brisco",
     .age = 14110min,
     .text = "True, though to be fair the driver always waved an apology."},
    {.article = kCycleLaneSlug,
     .name = "Duncan Ferrier",
     .age = 9050min,
     .text = "A minute longer in the car is a price I'm happy to pay for fewer collisions."},
    {.article = kCycleLaneSlug,
     .name = "Lise Harcourt",
     .age = 2030min,
     .text = "Will the new signal phase have a button, or will it detect bikes by itself? The button at the "
             "station crossing is on the wrong side of the road."},

    // The logbooks, an archive piece: a comment from over a year ago, and a recent answer.
    {.article = kLogbooksSlug,
     .key = "ancestor",
     .name = "Elspeth Gorran",
     .age = 418 * 24h + 4h,
     .text = "My great-great-grandfather was harbourmaster from 1902 to 1919. I've signed up to transcribe "
             "his volumes. Wish me luck with his handwriting."},
    {.article = kLogbooksSlug,
     .reply_to = "ancestor",
     .name = "Hugh Tremayne",
     .age = 2500min,
     .text =
         "Found this through the tide gauge story. Elspeth, did his handwriting turn out to be readable?"},
};

}  // namespace

std::span<const CommentSeed> comments() { return kComments; }

}  // namespace tribune::app::demo
