// The demo articles: news of Quillhaven, a fictional harbour town on the fictional Ardlow Coast.
// Every name, place, figure and quotation here is invented.
#include "app/demo_publication.hpp"

namespace tribune::app::demo {

namespace {

using namespace std::chrono_literals;

constexpr ArticleSeed kArticles[] = {
    {
        .slug = kTideGaugeSlug,
        .title = "Quillhaven harbour's new tide gauge is live",
        .summary = "A radar gauge on the north pier now reports the water level every minute. A time-lapse "
                   "of its first night shows one full tide in under five minutes.",
        .author = "Maren Oyelaran",
        .age = 2 * 24h + 3h,
        .body_markdown =
            R"(Quillhaven harbour has a new way of keeping an eye on the water. A radar tide gauge bolted to the end of the north pier started reporting on Monday, taking over from the float recorder that had been in service since the 1970s and that, in the harbour office's words, "spent more of its life in pieces than in use".

The new gauge aims a low-power radar beam straight down at the water and measures the distance to the surface every second. The readings are averaged into one value a minute, which appears on the harbour office website and on a screen in the window of the chandlery on Quay Street.

## What changes for harbour users

Mostly, the numbers will now be current. Skippers have long complained that the old recorder could trail a rising tide by twenty minutes or more. Harbourmaster Ruth Ambery says the office expects the gauge to help in three ways:

- **Berthing at low water.** Boats that draw more than two metres can check the depth at the inner berths before they commit to the channel.
- **Surge warnings.** When the measured level runs well above the predicted tide, the office will post a notice and alert the lifeboat station.
- **A long record.** Every reading is archived, so in a few years the town will have its own detailed picture of how the sea at its doorstep is changing.

"The tide tables are arithmetic," Ambery said. "What actually turns up at the pier depends on the wind, the air pressure and how much the river is carrying. Now we can watch the difference as it happens."

## One night, compressed

To mark the switch, the harbour office recorded the inner harbour from dusk until the following morning. The time-lapse at the top of this page squeezes roughly thirteen hours, one complete rise and fall, into *just under five minutes*. Keep an eye on the boats along the inner wall as they settle onto the mud and then lift off again when the flood returns.

The gauge was paid for jointly by the harbour trust and the regional coastal monitoring programme, which plans to fit similar instruments at six more ports along the Ardlow Coast before the end of the year. The programme's engineers checked the first week of readings against a surveyor's staff held at the pier steps and found them within a centimetre.

The float recorder is not going to the scrap yard. It will join the harbour collection at the town museum, next to the harbourmasters' logbooks whose digitisation we [reported on last year](/articles/harbourmaster-logbooks-digitised). Readers who would like to keep the night for themselves can [download the time-lapse](/media/harbour-timelapse.webm).
)",
        .video_caption =
            "Dusk to dawn in Quillhaven's inner harbour: one full tide in four minutes and fifty-three "
            "seconds. (Demo video: a generated animation.)",
    },
    {
        .slug = kBroadbandSlug,
        .title = "Hill village becomes the first on the broadband co-op's fibre",
        .summary = "Thirty-one homes in Carrick Fold now have full-fibre connections built by a community "
                   "co-operative whose volunteers dug most of the trenches themselves.",
        .author = "Idris Callow",
        .age = 6 * 24h + 2h,
        .body_markdown =
            R"(Carrick Fold, a hamlet of thirty-one homes on the moor road above Quillhaven, went live on full-fibre broadband last Thursday. It is the first village connected by the Ardlow Uplands Broadband Co-operative, a community company that residents set up after being told, more than once, that their homes were too few and too scattered for a commercial network to reach.

## How they did it

The co-op's method is simple to describe and hard to carry out. Members buy shares to pay for the equipment, landowners grant free access across their fields, and volunteers do much of the digging. A contractor handles the splicing and the link to a regional backbone at the exchange in Quillhaven.

Over the Carrick Fold build, volunteers:

1. dug about 4.2 kilometres of trench, most of it by hand or with a borrowed mini-digger;
2. laid ducting along field edges and under two farm tracks;
3. pulled the fibre through and restored every wall and fence they had crossed.

"We had retired teachers, a sheep farmer, two teenagers and a vicar on the end of spades," said co-op chair Della Moorcroft. "Nobody was paid, and nobody missed a Saturday unless the ground was frozen."

## What residents get

Each connected home gets a symmetrical line of up to one gigabit per second, for a monthly fee the co-op says is *roughly what town households pay* for much slower service. The co-op does not sell television packages or phone bundles; it sells the line and leaves the rest to its members.

For some households the difference is already practical. One resident who runs a small design business from her kitchen table said uploads that used to take all night now finish while the kettle boils. The village hall, which doubles as a polling station and a youth club, was connected on the same day.

## What comes next

The co-op has surveyed three more settlements further up the valley and hopes to start digging in the spring, weather and volunteers permitting. It is also in talks with the regional council about laying ducts during a planned road resurfacing, which would save months of work on the longest stretch.

Not everything went smoothly. A burst water main on the moor road held up the final splice by a fortnight, and one section had to be dug again after ducting was laid on the wrong side of a hedge. Moorcroft said the volunteer handbook now has a page titled **"Which side of the hedge?"**

The project is one of several changes to how people get around and stay connected in the district this year, alongside the council's decision on the [Fennick Road cycle lane](/articles/fennick-road-cycle-lane-made-permanent).
)",
    },
    {
        .slug = kCycleLaneSlug,
        .title = "Fennick Road cycle lane to stay after a year-long trial",
        .summary = "Councillors voted to make the protected lane permanent, with changes to a bus stop, the "
                   "Market Cross junction and deliveries.",
        .author = "Tomas Reyvant",
        .age = 11 * 24h + 5h,
        .body_markdown =
            R"(The protected cycle lane along Fennick Road will stay. Quillhaven's transport committee voted seven to two on Tuesday evening to make it permanent, ending a twelve-month trial that drew more public comment than any local scheme in recent memory.

The lane runs for 1.3 kilometres from the railway station to the secondary school, separated from traffic by low kerbs and planters. During the trial it was built from temporary materials so that it could be changed, or taken out, depending on what the council learned.

## What the trial found

The council's monitoring report, presented to the committee, set out the main findings:

- Weekday cycle journeys along the road roughly **doubled**, with the largest rise among pupils travelling to school.
- Average car journey times over the full length rose by *under a minute* at peak times and were unchanged otherwise.
- Reported collisions on the road fell from five in the previous year to one, a minor scrape at the Market Cross junction.
- Footfall counts at the shops near the station were slightly up, though officers warned that one year is a short baseline.

Councillor Amrit Selby, who chairs the committee, said the figures had settled a question that had been argued over "mostly on instinct" for years. "People were right to ask for evidence before we spent money on permanent kerbs," she said. "Now we have some."

## What changes first

The vote was not a simple yes. Residents and businesses raised several problems during the consultation, and the committee agreed to three changes:

1. The bus stop outside the library will move about fifteen metres forward, so buses no longer block the lane when they pull in.
2. The Market Cross junction will get its own signal phase for cycles, after complaints from drivers and riders alike about unclear priorities.
3. Two loading bays will be added on the east side for deliveries to the bakery and the pharmacy.

The two councillors who voted against said they supported cycling but felt the money should go to resurfacing rural lanes first. One of them, Councillor Neville Drage, called the scheme "a good lane in the wrong order of priorities".

Work on the permanent version is expected to start in the summer holidays, when traffic near the school is lightest, and to take about six weeks. The temporary planters will be offered to schools and community gardens in the town.

A map of the final layout will be published with the council's summer works programme. More local news is on our [front page](/).
)",
    },
    {
        .slug = kSealCountSlug,
        .title = "Volunteers count a record number of seal pups on the Ardlow skerries",
        .summary = "This season's survey found 212 grey seal pups on the rocks north of Quillhaven, the most "
                   "since counting began, though scientists urge caution before calling it a trend.",
        .author = "Maren Oyelaran",
        .age = 19 * 24h + 7h,
        .body_markdown =
            R"(Volunteers from the Ardlow Coast Wildlife Trust counted 212 grey seal pups on the skerries north of Quillhaven this season, the highest number since the trust began its yearly survey twenty-two years ago. The previous record, 174, was set four seasons ago.

The count is made from boats and from the headland at Gull Point, using binoculars, long lenses and, for the past three years, a small survey drone flown under licence at a height that does not disturb the animals.

## Why the numbers might be up

Dr Saoirse Lindqvist, a marine ecologist who advises the trust, said several things could be behind the rise, and that it is too early to say which matters most:

- **Less disturbance.** A voluntary code asking boats to stay two hundred metres from the skerries during the pupping season has been in place for five years.
- **Food.** Fishery surveys suggest sandeel and herring were plentiful in the area last summer.
- **Better counting.** Drone photographs let volunteers spot pups tucked into gullies that cannot be seen from a boat.

"The last one is the awkward one," Lindqvist said. "If we are simply seeing more of the pups that were always there, then this is partly a record in *counting*. We will know more once we have several seasons of drone images to compare."

## Not all good news

The survey also recorded eleven pups with injuries consistent with entanglement in netting or plastic packing bands, up from six last year. The trust asks anyone who finds a seal in distress on a beach to keep well back, keep dogs on a lead and call the marine rescue line, rather than trying to return the animal to the sea.

Pups are born in a white, fluffy coat and stay ashore for about three weeks while their mothers feed them. A pup alone on a beach has usually not been abandoned: its mother is often feeding offshore and will come back.

## How to take part

The trust runs training days for new volunteers each August. No experience is needed, although a tolerance for cold hands and early starts helps. Volunteers learn to tell pups from juveniles, to note the colour of a pup's coat as a rough guide to its age, and to log every sighting on the trust's shared survey sheet.

The full report will be presented at the trust's winter meeting in the Quillhaven library. For a longer view of how this shoreline has been watched, see our story on the museum's [harbourmaster logbooks](/articles/harbourmaster-logbooks-digitised).
)",
    },
    {
        .slug = kLogbooksSlug,
        .title = "Museum begins digitising a century of harbourmasters' logbooks",
        .summary =
            "Quillhaven Museum is scanning 96 handwritten volumes that record ships, storms and "
            "mishaps at the harbour from 1881 to 1979, and is looking for volunteers to transcribe them.",
        .author = "Maren Oyelaran",
        .age = 430 * 24h + 9h,
        .body_markdown =
            R"(A shelf of leather-bound books that has sat in a locked cabinet at Quillhaven Museum for decades is about to become public reading. The museum has started scanning the harbourmasters' logbooks: 96 handwritten volumes that record the daily life of the port from 1881 until the office moved to typed records in 1979.

The logbooks list arrivals and departures, cargoes, the weather, the state of the tide and whatever else the harbourmaster of the day thought worth writing down. Curator Bronwen Achterberg says that last category is where the surprises are.

"There are entries about a runaway horse on the quay, a whale in the outer harbour, a brass band that fell off a pleasure steamer," she said. "Nobody has read them all. I'm not sure anybody has read even half."

## How the project works

The scanning is done in the museum's back room with a book cradle and a borrowed camera, at about two volumes a week. Each page is photographed, checked and added to an online archive. Then the harder part begins: turning the handwriting into text that can be searched.

The museum is asking for volunteers to help with transcription, which can be done from home. Each volunteer gets:

- a short guide to the handwriting of each harbourmaster, some of whom were *considerably* neater than others;
- a list of common abbreviations, such as "HW" for high water and "SW" for a south-westerly wind;
- a named contact at the museum for the puzzles that will certainly come up.

## Why it matters beyond local history

Historians are not the only ones waiting. Because so many entries note the height of high water and the strength of storms, climate researchers at the regional university have asked for early access. A century of daily observations from one harbour can show how storm surges and sea levels have changed, and how often flooding that seems exceptional today was once routine.

Achterberg expects the scanning to take about a year, and the transcription a good deal longer. The first ten volumes, covering 1881 to 1890, are already online, and more will be added each month.

"We used to keep these locked away to protect them," she said. "Now the best way to protect them is to let everyone read them."

Volunteers can sign up at the museum's front desk. More news from the town is on our [front page](/).
)",
    },
};

}  // namespace

std::span<const ArticleSeed> articles() { return kArticles; }

}  // namespace tribune::app::demo
