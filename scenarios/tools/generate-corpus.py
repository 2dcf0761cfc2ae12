#!/usr/bin/env python3
"""Writes the labelled replay corpus (scenarios/src/test/resources/corpus/*.jsonl).

The corpus is checked in; this script only documents how the series were made and regenerates them identically
(no randomness: noise is a fixed pseudo-random sequence). Run from the repository root:
    python3 scenarios/tools/generate-corpus.py
"""
import json, math, os
from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "corpus")


def t(s):
    return datetime.fromisoformat(s)


def iso(d):
    return d.astimezone(CST).isoformat()


def noise(i, amp):
    """deterministic small wiggle in [-amp, amp]"""
    return amp * math.sin(i * 2.399963 + 0.7) * math.cos(i * 0.618)


class File:
    def __init__(self, name, story):
        self.name, self.lines = name, ["# " + l for l in story.strip().splitlines()]

    def device(self, did, dtype, site, tags=None, interval=None):
        d = {"deviceId": did, "deviceType": dtype, "siteId": site}
        if tags: d["tags"] = tags
        if interval: d["intervalSeconds"] = interval
        self.lines.append(json.dumps({"device": d}, ensure_ascii=False))

    def event(self, eid, label, onset, note):
        self.lines.append("")
        self.lines.append("# " + note)
        self.lines.append(json.dumps({"event": {"id": eid, "label": label, "onset": iso(onset)}}))

    def silence(self, sid, scope_type, scope, starts, ends, author, reason, types=None, max_level="ORANGE"):
        self.lines.append(json.dumps({"silence": {"id": sid, "scopeType": scope_type, "scope": scope,
                                                  "alarmTypes": types or [], "maxLevel": max_level,
                                                  "startsAt": iso(starts), "endsAt": iso(ends), "author": author,
                                                  "reason": reason}}, ensure_ascii=False))

    def r(self, did, metric, value, ts, flags=None, unit=None):
        d = {"deviceId": did, "metric": metric, "value": round(value, 3), "ts": iso(ts)}
        if unit: d["unit"] = unit
        if flags: d["flags"] = flags
        self.lines.append(json.dumps(d, ensure_ascii=False))

    def write(self):
        """events in time order (by their first reading), so that every series replays forwards"""
        head, blocks = [], []
        for line in self.lines:
            if line == "": blocks.append([])
            (blocks[-1] if blocks else head).append(line)

        def first_ts(b):
            return min(datetime.fromisoformat(json.loads(l)["ts"]) for l in b if l.startswith('{"deviceId"'))
        # a silence line stays in its event's block, before the readings it covers
        blocks.sort(key=first_ts)
        with open(os.path.join(OUT, self.name), "w", encoding="utf-8") as f:
            f.write("\n".join(head + [l for b in blocks for l in b]) + "\n")


S = timedelta(seconds=1)
M = timedelta(minutes=1)


def smoke_burst(f, dev, start, seconds, every=30):
    """a detector in alarm reports its state every `every` s while in alarm, then its reset"""
    k = 0
    while k * every < seconds:
        f.r(dev, "smoke.alarm", 1, start + k * every * S)
        k += 1
    f.r(dev, "smoke.alarm", 0, start + seconds * S)


# ---------------------------------------------------------------- fire in a restaurant kitchen
f = File("fire-restaurant-kitchen.jsonl", """
A Sichuan restaurant's kitchen (site r-laomiao): a smoke detector and a heat detector over the wok line, both tagged
kitchen, a gas detector by the burners. Cooking hours are 10:00-14:00 and 16:30-21:00 local (schedule.cooking); in
them, kitchen smoke must last kitchen.smoke.sustain.seconds (90 s) unless heat or a second detector corroborates it.
Detectors report their alarm state every 30 s while in alarm and on reset; the heat detector reports every minute,
every 30 s while the temperature moves fast.
""")
f.device("lm-smoke-1", "smoke-detector", "r-laomiao", ["kitchen"])
f.device("lm-heat-1", "heat-detector", "r-laomiao", ["kitchen"])

day = t("2026-11-16T11:50:00+08:00")
f.event("kitchen-lunch-wok-smoke-1", "nuisance", day + 15 * M, "lunch rush: a wok of chilli oil smokes the detector for 30 s")
for i in range(0, 25):
    f.r("lm-heat-1", "temperature", 33 + noise(i, 2), day + i * M)
    if i == 15: smoke_burst(f, "lm-smoke-1", day + 15 * M, 30)
f.event("kitchen-lunch-wok-smoke-2", "nuisance", day + 51 * M, "still lunch: searing beef, 60 s of smoke")
for i in range(40, 60):
    f.r("lm-heat-1", "temperature", 35 + noise(i, 2.5), day + i * M)
    if i == 51: smoke_burst(f, "lm-smoke-1", day + 51 * M, 60)

d2 = t("2026-11-16T18:10:00+08:00")
f.event("kitchen-dinner-grill-smoke", "nuisance", d2 + 12 * M, "dinner: the charcoal grill is lit, 75 s of smoke")
for i in range(0, 20):
    f.r("lm-heat-1", "temperature", 36 + noise(i, 2.5), d2 + i * M)
    if i == 12: smoke_burst(f, "lm-smoke-1", d2 + 12 * M, 75)

d3 = t("2026-11-17T13:10:00+08:00")
f.event("kitchen-flaming-oil-fire-lunch", "hazard", d3 + 10 * M,
        "a fryer's oil ignites during lunch (flaming, in cooking hours): heat rises fast, smoke follows in 20 s")
for i in range(0, 10):
    f.r("lm-heat-1", "temperature", 34 + noise(i, 2), d3 + i * M)
on = d3 + 10 * M
for k, temp in enumerate([36, 47, 61, 78, 96, 118, 131]):
    f.r("lm-heat-1", "temperature", temp, on + k * 30 * S)
    if k >= 1: f.r("lm-smoke-1", "smoke.alarm", 1, on + (k * 30 - 10) * S)

d4 = t("2026-11-18T22:40:00+08:00")
f.event("kitchen-smouldering-after-close", "hazard", d4 + 20 * M,
        "after closing: a rag by the stove smoulders; smoke reaches the detector 9 min later, heat builds slowly")
for i in range(0, 60):
    temp = 26 + noise(i, 0.8) + (max(0, i - 35) * 0.9)
    f.r("lm-heat-1", "temperature", temp, d4 + i * M)
    if i >= 29 and i % 1 == 0: f.r("lm-smoke-1", "smoke.alarm", 1, d4 + i * M + 20 * S)

d5 = t("2026-11-19T11:25:00+08:00")
f.event("kitchen-smouldering-lunch", "hazard", d5 + 5 * M,
        "lunch: a cable behind the fryer smoulders; smoke persists minutes, the room stays warm but below 54 C")
for i in range(0, 25):
    f.r("lm-heat-1", "temperature", 34 + noise(i, 2) + max(0, i - 12) * 0.4, d5 + i * M)
    if i >= 8:
        f.r("lm-smoke-1", "smoke.alarm", 1, d5 + i * M + 10 * S)
        f.r("lm-smoke-1", "smoke.alarm", 1, d5 + i * M + 40 * S)
f.write()

# ---------------------------------------------------------------- fire in homes, a hotel, a warehouse
f = File("fire-residential-warehouse.jsonl", """
Smoke and heat detectors elsewhere (no kitchen tag): a flat whose detector sits by the bathroom, a hotel room,
a dormitory with a kettle, a stairwell under renovation, a warehouse at night. Detectors report their alarm state
every 30 s while in alarm and on reset; temperature every minute (every 30 s while it moves fast); battery daily.
""")
f.device("flat-302-smoke", "smoke-detector", "flat-302")
f.device("hotel-1208-smoke", "smoke-detector", "hotel-1208")
f.device("dorm-5-smoke", "smoke-detector", "dorm-5")
f.device("stair-b-smoke", "smoke-detector", "block-b-stair")
f.device("stair-c-smoke", "smoke-detector", "block-c-stair")
f.device("flat-611-smoke", "smoke-detector", "flat-611")
f.device("wh-9-smoke-1", "smoke-detector", "warehouse-9")
f.device("wh-9-smoke-2", "smoke-detector", "warehouse-9")
f.device("wh-9-heat-1", "heat-detector", "warehouse-9")

d = t("2026-11-16T07:00:00+08:00")
f.event("flat-shower-steam", "nuisance", d + 12 * M, "a hot shower with the bathroom door open: steam sets off the hall detector for 45 s")
for i in range(0, 20):
    f.r("flat-302-smoke", "temperature", 22 + noise(i, 0.6) + (2 if 12 <= i <= 16 else 0), d + i * M)
    if i == 12: smoke_burst(f, "flat-302-smoke", d + 12 * M, 45)

d = t("2026-11-16T21:30:00+08:00")
f.event("hotel-shower-steam", "nuisance", d + 8 * M, "a hotel guest's long shower: steam holds the room detector in alarm for 2 min")
for i in range(0, 15):
    f.r("hotel-1208-smoke", "temperature", 24 + noise(i, 0.5) + (3 if 8 <= i <= 11 else 0), d + i * M)
    if i == 8: smoke_burst(f, "hotel-1208-smoke", d + 8 * M, 120)

d = t("2026-11-17T22:10:00+08:00")
f.event("dorm-kettle-steam", "nuisance", d + 5 * M, "a kettle boils under a dormitory detector: 20 s of steam")
for i in range(0, 10):
    f.r("dorm-5-smoke", "temperature", 21 + noise(i, 0.5), d + i * M)
    if i == 5: smoke_burst(f, "dorm-5-smoke", d + 5 * M, 20)

d = t("2026-11-18T09:00:00+08:00")
f.event("stairwell-renovation-dust", "nuisance", d + 20 * M,
        "a flat is renovated: angle grinding and wall chasing blow dust into the stairwell detector, on and off for 40 min")
for i in range(0, 70):
    f.r("stair-b-smoke", "temperature", 18 + noise(i, 0.7), d + i * M)
    if i in (20, 27, 33, 41, 52, 58):
        smoke_burst(f, "stair-b-smoke", d + i * M + 15 * S, 30 if i % 2 else 60)

d = t("2026-11-18T13:30:00+08:00")
f.event("stairwell-renovation-dust-permitted", "nuisance", d + 10 * M,
        "a renovation registered with the property office: it files a silence for the stairwell's SMOKE alarms up to "
        "ORANGE, 08:00-18:00; dust sets the detector off three times")
f.silence("reno-block-c-1702", "SITE", "block-c-stair", t("2026-11-18T08:00:00+08:00"), t("2026-11-18T18:00:00+08:00"),
          "property-office-c", "flat 1702 renovation permit, wall chasing", ["SMOKE"])
for i in range(0, 40):
    f.r("stair-c-smoke", "temperature", 19 + noise(i, 0.7), d + i * M)
    if i in (10, 18, 31):
        smoke_burst(f, "stair-c-smoke", d + i * M + 20 * S, 90 if i == 18 else 30)

d = t("2026-11-19T01:30:00+08:00")
f.event("flat-smouldering-sofa", "hazard", d + 10 * M,
        "a cigarette smoulders in a sofa: smoke reaches the detector 6 min later, the room warms only slowly")
for i in range(0, 45):
    f.r("flat-611-smoke", "temperature", 20 + noise(i, 0.4) + max(0, i - 20) * 1.3, d + i * M)
    if i >= 16:
        f.r("flat-611-smoke", "smoke.alarm", 1, d + i * M + 5 * S)
        f.r("flat-611-smoke", "smoke.alarm", 1, d + i * M + 35 * S)

d = t("2026-11-20T02:50:00+08:00")
f.event("warehouse-flaming-fire", "hazard", d + 10 * M,
        "packaging catches fire in a warehouse at night (flaming): the ceiling heat detector climbs fast, two smoke detectors follow")
for i in range(0, 10):
    f.r("wh-9-heat-1", "temperature", 15 + noise(i, 0.5), d + i * M)
on = d + 10 * M
for k, temp in enumerate([16, 24, 35, 49, 66, 88, 104]):
    f.r("wh-9-heat-1", "temperature", temp, on + k * 30 * S)
    if k >= 2: f.r("wh-9-smoke-1", "smoke.alarm", 1, on + (k * 30 + 5) * S)
    if k >= 3: f.r("wh-9-smoke-2", "smoke.alarm", 1, on + (k * 30 + 12) * S)

d = t("2026-11-01T09:00:00+08:00")
f.event("smoke-detector-battery-failure", "fault", d,
        "the flat's detector battery fails: the daily battery report sags over three weeks")
for day_ in range(0, 24):
    level = 62 - day_ * 1.2 if day_ < 18 else 40 - (day_ - 17) * 6
    f.r("flat-302-smoke", "battery.level", max(level, 3), d + day_ * timedelta(days=1))
f.write()

# ---------------------------------------------------------------- gas in restaurants
f = File("gas-restaurant.jsonl", """
Restaurant combustible gas detectors (%LEL). Each reports every minute, every 10 s while the value changes.
Confirmation (default-parameters.tsv): BLUE must last 30 s, YELLOW 20 s; ORANGE and RED are pushed at once.
Nuisances: whiffs when burners light, a calibration run with test gas flagged CALIBRATION. Hazards: leaks, slow and
fast. Fault: the catalytic sensor's zero drifts up over days.
""")
f.device("lm-gas-1", "restaurant-gas-detector", "r-laomiao", ["kitchen"])
f.device("hp-gas-1", "restaurant-gas-detector", "r-hotpot-8", ["kitchen"])
f.device("hp-gas-2", "restaurant-gas-detector", "r-hotpot-8", ["kitchen"])
f.device("nd-gas-1", "restaurant-gas-detector", "r-noodle-3", ["kitchen"])


def whiff(f, dev, start, peaks):
    for k, v in enumerate([0.5] + peaks + [0.5]):
        f.r(dev, "gas.concentration", v, start + k * 10 * S)


d = t("2026-11-16T10:50:00+08:00")
f.event("burner-lighting-whiff-morning", "nuisance", d + 5 * M, "morning prep: six burners lit one after another, each a brief whiff")
for i in range(0, 5): f.r("lm-gas-1", "gas.concentration", 0.5 + abs(noise(i, 0.5)), d + i * M)
whiff(f, "lm-gas-1", d + 5 * M, [7, 3])
whiff(f, "lm-gas-1", d + 6 * M, [12, 6, 1])
whiff(f, "lm-gas-1", d + 7 * M, [8, 2])
for i in range(9, 14): f.r("lm-gas-1", "gas.concentration", 0.5 + abs(noise(i, 0.5)), d + i * M)

d = t("2026-11-16T16:30:00+08:00")
f.event("burner-lighting-whiff-dinner", "nuisance", d + 3 * M, "dinner: the hotpot burners light at the tables near the detector")
for i in range(0, 3): f.r("hp-gas-1", "gas.concentration", 1 + abs(noise(i, 0.5)), d + i * M)
whiff(f, "hp-gas-1", d + 3 * M, [9, 14, 4])
whiff(f, "hp-gas-1", d + 4 * M, [6, 2])
for i in range(6, 10): f.r("hp-gas-1", "gas.concentration", 1 + abs(noise(i, 0.5)), d + i * M)

d = t("2026-11-17T11:00:00+08:00")
f.event("burner-relight-whiff-wok", "nuisance", d + 2 * M, "the wok burner blows out and is relit twice")
for i in range(0, 2): f.r("nd-gas-1", "gas.concentration", 0.3, d + i * M)
whiff(f, "nd-gas-1", d + 2 * M, [5, 11, 3])
whiff(f, "nd-gas-1", d + 3 * M + 30 * S, [10, 4])
for i in range(5, 8): f.r("nd-gas-1", "gas.concentration", 0.3, d + i * M)

d = t("2026-11-18T15:00:00+08:00")
f.event("detector-calibration-test-gas", "nuisance", d + 2 * M,
        "the gas company's annual calibration: 50 %LEL test gas applied for 2 min, the detector flags its readings CALIBRATION")
f.r("hp-gas-2", "gas.concentration", 0.4, d)
f.r("hp-gas-2", "gas.concentration", 0.4, d + M)
for k, v in enumerate([0.4, 18, 41, 49.5, 50.2, 50.1, 49.9, 50, 50.1, 50, 50, 49.8, 50, 50.1, 31, 12, 3, 0.6, 0.2]):
    f.r("hp-gas-2", "gas.concentration", v, d + 2 * M + k * 10 * S, flags=["CALIBRATION"])
f.r("hp-gas-2", "gas.concentration", 0.3, d + 6 * M)

d = t("2026-11-19T09:30:00+08:00")
f.event("restaurant-slow-leak-hose", "hazard", d + 5 * M,
        "a perished rubber hose behind the range leaks slowly before opening: 0.6 %LEL a minute")
for i in range(0, 5): f.r("lm-gas-1", "gas.concentration", 0.5 + abs(noise(i, 0.3)), d + i * M)
for k in range(0, 30):
    f.r("lm-gas-1", "gas.concentration", 0.5 + k * 0.6 + noise(k, 0.3), d + 5 * M + k * M)

d = t("2026-11-20T14:20:00+08:00")
f.event("restaurant-fast-leak-valve", "hazard", d + 3 * M,
        "a cook knocks a burner valve open without flame after lunch: gas builds in seconds")
for i in range(0, 3): f.r("nd-gas-1", "gas.concentration", 0.3, d + i * M)
for k, v in enumerate([0.3, 6, 14, 27, 41, 58, 66, 63, 40, 22]):
    f.r("nd-gas-1", "gas.concentration", v, d + 3 * M + k * 10 * S)

d = t("2026-11-21T01:00:00+08:00")
f.event("restaurant-night-leak-regulator", "hazard", d + 10 * M,
        "closed restaurant at night: the regulator seat leaks and gas collects under the counter for an hour")
for i in range(0, 70):
    v = 0.4 + abs(noise(i, 0.2)) + max(0, i - 10) * 0.45
    f.r("hp-gas-1", "gas.concentration", v, d + i * M)

d = t("2026-10-20T00:00:00+08:00")
f.event("gas-detector-zero-drift", "fault", d,
        "the catalytic sensor of a detector due for replacement drifts: its zero creeps up 1.5 %LEL a day, no gas present")
for h in range(0, 24 * 7, 2):
    v = 0.6 + h / 24 * 1.5 + noise(h, 0.3)
    f.r("nd-gas-1", "gas.concentration", max(v, 0), d + h * timedelta(hours=1))

d = t("2026-11-22T03:00:00+08:00")
f.event("gas-detector-garbage-values", "fault", d + 1 * M,
        "a detector's ADC fails: it sends 655.35 (0xFFFF / 100) and negative values between normal ones")
for i, v in enumerate([0.4, 655.35, 0.4, 655.35, 655.35, -12.8, 0.5, 655.35]):
    f.r("lm-gas-1", "gas.concentration", v, d + i * M)
f.write()

# ---------------------------------------------------------------- gas mains, water mains
f = File("gas-water-mains.jsonl", """
Pressure gauges on a medium-pressure A gas main (0.2-0.4 MPa) and a water main. They report every 5 minutes, every
minute while the pressure moves. Line pressure always fluctuates a little: the same value 12 times in a row is a
stuck sensor (fault.stuck.count.<metric>).
""")
f.device("gm-p-17", "gas-pipeline-pressure-gauge", "gas-main-dongguan-17")
f.device("gm-p-18", "gas-pipeline-pressure-gauge", "gas-main-dongguan-18")
f.device("wm-p-4", "water-pressure-gauge", "water-main-wenhe-4")

d = t("2026-11-16T08:00:00+08:00")
f.event("gas-main-pressure-sensor-stuck", "fault", d + 60 * M,
        "the gauge's sensor freezes at 0.285 MPa after a power glitch while the line keeps breathing")
for i in range(0, 12): f.r("gm-p-17", "gas.pipeline.pressure", 0.29 + noise(i, 0.006), d + i * 5 * M)
for i in range(12, 40): f.r("gm-p-17", "gas.pipeline.pressure", 0.285, d + i * 5 * M)

d = t("2026-11-17T10:00:00+08:00")
f.event("water-main-pressure-sensor-stuck", "fault", d + 30 * M,
        "a water pressure logger's transducer sticks at 0.31 MPa through the morning demand peak")
for i in range(0, 6): f.r("wm-p-4", "water.pressure", 0.33 + noise(i, 0.01), d + i * 5 * M)
for i in range(6, 30): f.r("wm-p-4", "water.pressure", 0.31, d + i * 5 * M)

d = t("2026-11-18T14:00:00+08:00")
f.event("gas-main-excavator-strike", "hazard", d + 20 * M,
        "an excavator tears a service tee off the main: pressure falls within minutes")
for i in range(0, 4): f.r("gm-p-18", "gas.pipeline.pressure", 0.3 + noise(i, 0.005), d + i * 5 * M)
for k, v in enumerate([0.3, 0.26, 0.21, 0.17, 0.14, 0.12, 0.11, 0.105, 0.1, 0.102]):
    f.r("gm-p-18", "gas.pipeline.pressure", v, d + 20 * M + k * M)

d = t("2026-11-19T03:00:00+08:00")
f.event("gas-main-pressure-garbage", "fault", d + 10 * M,
        "a gauge with a water-logged connector sends 6.5535 MPa (0xFFFF) and 0 between plausible values")
for i in range(0, 2): f.r("gm-p-18", "gas.pipeline.pressure", 0.3 + noise(i, 0.005), d + i * 5 * M)
for i, v in enumerate([6.5535, 0.298, 6.5535, 6.5535, 0.301, 9.9999]):
    f.r("gm-p-18", "gas.pipeline.pressure", v, d + 10 * M + i * 5 * M)
f.write()

# ---------------------------------------------------------------- drainage
f = File("drainage-storm-sewer.jsonl", """
One street's drainage monitoring (site wenhe-rd): a rain gauge, a level gauge in a 2.5 m inspection well on a 1 m
pipe, a road ponding gauge at the underpass and a combustible gas detector in a sewer well. Rain and levels report
every 5 minutes (every minute in rain), well gas every 5 minutes. No confirmation parameters apply to drainage.
""")
f.device("wr-rain", "rain-gauge", "wenhe-rd")
f.device("wr-well-lv", "drainage-level-gauge", "wenhe-rd")
f.device("wr-pond", "ponding-depth-gauge", "wenhe-rd")
f.device("wr-well-gas", "well-gas-detector", "wenhe-rd-sewer")
f.device("wr-well-gas-2", "well-gas-detector", "wenhe-rd-sewer-2")

d = t("2026-07-08T15:00:00+08:00")
f.event("rainstorm-well-surcharge", "hazard", d + 20 * M,
        "a summer convective storm: 60 mm/h at its peak, the well surcharges, the underpass floods")
rain = [0, 0, 0, 0, 6, 14, 26, 38, 52, 61, 58, 47, 35, 24, 15, 8, 4, 1, 0, 0, 0, 0, 0, 0]
for k, r_ in enumerate(rain):
    ts = d + k * 5 * M
    level = 0.35 + sum(max(0, x - 8) for x in rain[:k + 1]) * 0.0065 - max(0, k - 13) * 0.25
    level = max(0.35, min(level, 2.45))
    pond = max(0.0, (level - 1.6) * 0.6)
    f.r("wr-rain", "rainfall.intensity", r_, ts)
    f.r("wr-well-lv", "drainage.level", level, ts + 10 * S)
    f.r("wr-pond", "drainage.level", pond, ts + 20 * S)

d = t("2026-07-21T13:00:00+08:00")
f.event("short-summer-shower", "nuisance", d + 10 * M,
        "a 15-minute shower: moderate rain, the well barely rises, no water on the road")
for k, r_ in enumerate([0, 0, 4, 9, 13, 8, 3, 0, 0, 0]):
    ts = d + k * 5 * M
    f.r("wr-rain", "rainfall.intensity", r_, ts)
    f.r("wr-well-lv", "drainage.level", 0.35 + (0.1 if 3 <= k <= 6 else 0), ts + 10 * S)
    f.r("wr-pond", "drainage.level", 0.0, ts + 20 * S)

d = t("2026-08-02T17:00:00+08:00")
f.event("passing-shower-light", "nuisance", d + 5 * M, "a passing shower: 20 minutes of light rain")
for k, r_ in enumerate([0, 2, 5, 7, 6, 3, 0, 0]):
    ts = d + k * 5 * M
    f.r("wr-rain", "rainfall.intensity", r_, ts)
    f.r("wr-well-lv", "drainage.level", 0.36 + r_ * 0.01, ts + 10 * S)

d = t("2026-09-14T20:00:00+08:00")
f.event("typhoon-rainband-flooding", "hazard", d + 30 * M,
        "a typhoon's outer rainband: hours of steady heavy rain, the well rises slowly and overflows")
for k in range(0, 40):
    ts = d + k * 5 * M
    r_ = 0 if k < 6 else 18 + 10 * math.sin((k - 6) / 6) + noise(k, 2)
    level = 0.4 + max(0, k - 8) * 0.075
    f.r("wr-rain", "rainfall.intensity", max(r_, 0), ts)
    f.r("wr-well-lv", "drainage.level", min(level, 2.45), ts + 10 * S)
    f.r("wr-pond", "drainage.level", max(0.0, (min(level, 2.45) - 1.7) * 0.5), ts + 20 * S)

d = t("2026-08-10T11:00:00+08:00")
f.event("sewer-well-methane-buildup", "hazard", d + 30 * M,
        "hot weather and a blocked outfall: sewage stagnates and methane builds in the well over an hour")
for i in range(0, 24):
    v = 0.8 + abs(noise(i, 0.4)) + max(0, i - 6) * 1.6
    f.r("wr-well-gas", "gas.concentration", v, d + i * 5 * M)

d = t("2026-08-11T02:00:00+08:00")
f.event("sewer-well-gas-main-leak", "hazard", d + 10 * M,
        "a cracked gas main nearby: gas migrates through the soil into the sewer well within minutes")
for i in range(0, 2): f.r("wr-well-gas-2", "gas.concentration", 0.6, d + i * 5 * M)
for k, v in enumerate([0.6, 4, 11, 19, 28, 36, 41, 43, 44]):
    f.r("wr-well-gas-2", "gas.concentration", v, d + 10 * M + k * 5 * M)

d = t("2026-06-01T06:00:00+08:00")
f.event("level-gauge-battery-failure", "fault", d,
        "the well level gauge's lithium pack dies: the hourly battery report collapses over two days")
for h in range(0, 48):
    f.r("wr-well-lv", "battery.level", max(2, 48 - h * 0.2 - max(0, h - 30) * 2.5), d + h * timedelta(hours=1))

d = t("2026-06-20T06:00:00+08:00")
f.event("well-gas-detector-battery-failure", "fault", d,
        "the sewer gas detector's battery reports fall over a week in the humid well")
for h in range(0, 7 * 24, 6):
    f.r("wr-well-gas", "battery.level", max(1, 45 - h * 0.28), d + h * timedelta(hours=1))

d = t("2026-06-25T03:00:00+08:00")
f.event("level-gauge-garbage-values", "fault", d + 5 * M,
        "the ultrasonic level gauge sees a spider web: it sends 65.535 m (0xFFFF) and -1 m between real levels")
for i, v in enumerate([0.34, 65.535, 0.34, -1, 65.535, 65.535, 0.35]):
    f.r("wr-well-lv", "drainage.level", v, d + i * 5 * M)
f.write()
print("corpus written to", os.path.normpath(OUT))
