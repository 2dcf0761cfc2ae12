package org.citysafe.scenarios.quality;

import org.citysafe.scenarios.quality.Family.Label;
import org.citysafe.scenarios.quality.Family.Plan;
import org.citysafe.scenarios.quality.Family.Track;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.citysafe.scenarios.quality.Family.ANY_INTERVAL;
import static org.citysafe.scenarios.quality.Family.between;
import static org.citysafe.scenarios.quality.Family.on;
import static org.citysafe.scenarios.quality.Family.pulse;
import static org.citysafe.scenarios.quality.Family.ramp;
import static org.citysafe.scenarios.quality.Family.ringing;
import static org.citysafe.scenarios.quality.Family.scattered;
import static org.citysafe.scenarios.quality.Family.sign;

/**
 * The families of the generated corpus, each first described in words from field practice, then drawn from those
 * words. Amplitudes, durations and rates come from the descriptions (what a leak, a burst, a pump trip does to the
 * quantity), never from our thresholds; the label is what the episode is.
 */
final class Families {

    private Families() {
    }

    static final double HOLD = 1800; // a hazard goes on for at least half an hour after a ramp of up to half an hour
    static final double LONG_HOLD = 5400; // and for an hour and a half after a ramp of up to an hour

    private static final List<Family> ALL = build();

    /** Every family, always the same instances. */
    static List<Family> all() {
        return ALL;
    }

    private static List<Family> build() {
        List<Family> f = new ArrayList<>();
        // ---- fire ----
        f.add(new Family("smouldering fire", Label.HAZARD, "smoke-detector",
                "a sofa or bedding smoulders: the detector's chamber fills and stays in alarm; the room warms by a few "
                        + "degrees a minute", ANY_INTERVAL, r -> plan(HOLD,
                new Track("smoke.alarm", on(Double.POSITIVE_INFINITY)),
                new Track("temperature", ramp(between(r, 15, 28), between(r, 30, 70), between(r, 600, 1800))))));
        f.add(new Family("shower or kettle steam", Label.NUISANCE, "smoke-detector",
                "steam from a shower or a kettle drifts into a detector: it alarms for tens of seconds to a minute and "
                        + "a half, then clears once the door opens; the room does not warm", ANY_INTERVAL, r -> plan(600,
                new Track("smoke.alarm", on(between(r, 10, 90))),
                new Track("temperature", ramp(between(r, 18, 28), between(r, 0, 3), 120)))));
        f.add(new Family("detector test button", Label.NUISANCE, "smoke-detector",
                "maintenance presses the test button: the detector alarms for a minute, the reading flagged TEST",
                ANY_INTERVAL, r -> flagged(600, Set.of("TEST"), new Track("smoke.alarm", on(between(r, 20, 120))))));
        f.add(new Family("smoke detector battery dying", Label.FAULT, "smoke-detector",
                "a detector's battery discharges over weeks and reports its level falling into the last fifth",
                ANY_INTERVAL, r -> plan(3600, new Track("battery.level", battery(r)))));
        f.add(new Family("flaming fire", Label.HAZARD, "heat-detector",
                "a flaming fire heats the ceiling at 5 to 30 °C a minute up to well over a hundred degrees",
                ANY_INTERVAL, r -> plan(HOLD, new Track("temperature",
                        ramp(between(r, 15, 28), between(r, 70, 120), between(r, 200, 900))))));
        f.add(new Family("hair dryer or oven door", Label.NUISANCE, "heat-detector",
                "a hair dryer, or hot air from an opened oven, blows on a heat detector for a few seconds to half a "
                        + "minute: 55 to 85 °C at the sensor, then room temperature again", ANY_INTERVAL, r -> plan(600,
                new Track("temperature", pulse(between(r, 18, 28), between(r, 30, 60), between(r, 3, 30))))));
        f.add(new Family("heat detector battery dying", Label.FAULT, "heat-detector",
                "a heat detector's battery falls into its last fifth", ANY_INTERVAL,
                r -> plan(3600, new Track("battery.level", battery(r)))));
        f.add(new Family("insulation breakdown", Label.HAZARD, "electrical-fire-detector",
                "damp or ageing insulation lets leakage current grow from tens of milliamperes to hundreds, over "
                        + "minutes to half an hour, and it stays", ANY_INTERVAL, r -> plan(HOLD,
                new Track("electrical.residual.current", ramp(between(r, 10, 80), between(r, 250, 1100), between(r, 60, 1800))))));
        f.add(new Family("cable overload", Label.HAZARD, "electrical-fire-detector",
                "a circuit carries more than its rating: the cable heats over 5 to 30 minutes to 80-125 °C",
                ANY_INTERVAL, r -> plan(HOLD, new Track("cable.temperature",
                        ramp(between(r, 25, 40), between(r, 50, 85), between(r, 300, 1800))))));
        f.add(new Family("motor inrush", Label.NUISANCE, "electrical-fire-detector",
                "a compressor, pump or lift motor starts: the imbalance seen by the residual-current transformer jumps "
                        + "to 300-900 mA for cycles to a few seconds (a star-delta start up to 15 s), then falls back",
                ANY_INTERVAL, r -> plan(600, new Track("electrical.residual.current",
                        pulse(between(r, 10, 80), between(r, 300, 850), between(r, 0.2, 15))))));
        f.add(new Family("controller fire", Label.HAZARD, "fire-alarm-controller",
                "a building's fire alarm controller reports fire, its detectors verified by the panel", ANY_INTERVAL,
                r -> plan(HOLD, new Track("fac.fire", on(Double.POSITIVE_INFINITY)))));
        f.add(new Family("controller maintenance test", Label.NUISANCE, "fire-alarm-controller",
                "the maintenance company tests the panel: fire for a few minutes, the messages flagged TEST",
                ANY_INTERVAL, r -> flagged(900, Set.of("TEST"), new Track("fac.fire", on(between(r, 60, 600))))));
        f.add(new Family("hydrant network pressure loss", Label.HAZARD, "smart-hydrant",
                "a main feeding the hydrants breaks or is shut: pressure at the hydrant falls from 0.25-0.4 MPa to "
                        + "under 0.1 MPa within minutes and stays", ANY_INTERVAL, r -> plan(HOLD,
                new Track("hydrant.pressure", to(between(r, 0.25, 0.4), between(r, 0.0, 0.1), between(r, 30, 600))))));
        f.add(new Family("hydrant closed fast", Label.NUISANCE, "smart-hydrant",
                "a hydrant valve closed too fast sends a pressure wave: the pressure rings for tens of seconds around "
                        + "its static value, swinging by 0.1-0.3 MPa", ANY_INTERVAL, r -> plan(600, new Track("hydrant.pressure",
                ringing(between(r, 0.28, 0.4), between(r, 0.1, 0.3), between(r, 2, 12), between(r, 5, 20))))));
        f.add(new Family("hydrant flushing", Label.NUISANCE, "smart-hydrant",
                "the water company flushes a hydrant for 5 to 15 minutes, its readings flagged MAINTENANCE",
                ANY_INTERVAL, r -> flagged(1200, Set.of("MAINTENANCE"),
                        new Track("hydrant.flow", pulse(0, between(r, 6, 25), between(r, 300, 900))),
                        new Track("hydrant.pressure", pulse(between(r, 0.28, 0.4), -between(r, 0.2, 0.25), between(r, 300, 900))))));
        f.add(new Family("hydrant battery dying", Label.FAULT, "smart-hydrant",
                "a hydrant monitor's battery falls into its last fifth", ANY_INTERVAL,
                r -> plan(3600, new Track("battery.level", battery(r)))));
        // ---- e-bike charging ----
        f.add(new Family("battery thermal runaway", Label.HAZARD, "ebike-charging-monitor",
                "a damaged lithium pack heats while charging, slowly and then faster, past 80 °C within minutes",
                ANY_INTERVAL, r -> plan(HOLD, new Track("charging.temperature",
                        ramp(between(r, 25, 38), between(r, 50, 110), between(r, 120, 900))))));
        f.add(new Family("charger interference spike", Label.NUISANCE, "ebike-charging-monitor",
                "a switching charger's interference corrupts one temperature sample: a single wild value, the next "
                        + "normal", ANY_INTERVAL, r -> plan(600, new Track("charging.temperature",
                pulse(between(r, 25, 38), between(r, 40, 100), between(r, 0.5, 3))))));
        // ---- gas ----
        f.add(new Family("kitchen hose leak", Label.HAZARD, "restaurant-gas-detector",
                "a cracked hose or an open valve fills the kitchen: the concentration climbs over one to ten minutes "
                        + "to 12-60 %LEL and stays while the gas flows", ANY_INTERVAL, r -> plan(HOLD,
                new Track("gas.concentration", ramp(0, between(r, 12, 60), between(r, 60, 600))))));
        f.add(new Family("burner lighting whiff", Label.NUISANCE, "restaurant-gas-detector",
                "a burner lit late puffs gas: 5-15 %LEL at the detector for five to twenty-five seconds", ANY_INTERVAL,
                r -> plan(600, new Track("gas.concentration", pulse(0, between(r, 5, 15), between(r, 5, 25))))));
        f.add(new Family("lighter near the detector", Label.NUISANCE, "restaurant-gas-detector",
                "someone clicks a lighter or sprays aerosol next to the detector: 20-40 %LEL for a few seconds",
                ANY_INTERVAL, r -> plan(600, new Track("gas.concentration", pulse(0, between(r, 20, 40), between(r, 1, 6))))));
        f.add(new Family("gas detector frozen", Label.FAULT, "restaurant-gas-detector",
                "a detector's electronics hang and it repeats its last reading, often taken while cooking "
                        + "(2-30 %LEL), exactly, for hours", ANY_INTERVAL, r -> frozenAt("gas.concentration", 0,
                between(r, 2, 30))));
        f.add(new Family("gas detector zero drift", Label.FAULT, "restaurant-gas-detector",
                "a catalytic sensor's zero creeps over months: in clean air it no longer reads 0 but 2.5-4 %LEL, "
                        + "and never comes back to zero for a day", new int[]{120, 300}, r -> new Plan(List.of(
                new Track("gas.concentration", ramp(0, between(r, 2.5, 4), 3600))), 600, 26 * 3600, Set.of())));
        f.add(new Family("gas main excavator strike", Label.HAZARD, "gas-pipeline-pressure-gauge",
                "an excavator tears a distribution main: pressure falls from 0.25-0.35 MPa to 0.02-0.14 MPa within "
                        + "seconds to minutes and stays until the valve is shut", ANY_INTERVAL, r -> plan(HOLD,
                new Track("gas.pipeline.pressure", to(between(r, 0.25, 0.35), between(r, 0.02, 0.14), between(r, 10, 300))))));
        f.add(new Family("regulator failure over-pressure", Label.HAZARD, "gas-pipeline-pressure-gauge",
                "a regulator fails open: downstream pressure rises to 0.4-0.5 MPa and stays", ANY_INTERVAL,
                r -> plan(HOLD, new Track("gas.pipeline.pressure", ramp(between(r, 0.28, 0.32), between(r, 0.12, 0.2), between(r, 10, 300))))));
        f.add(new Family("regulator surge", Label.NUISANCE, "gas-pipeline-pressure-gauge",
                "a regulator hunts when demand changes: pressure overshoots by 0.05-0.15 MPa for two to twenty seconds",
                ANY_INTERVAL, r -> plan(600, new Track("gas.pipeline.pressure",
                        pulse(between(r, 0.28, 0.32), between(r, 0.05, 0.15), between(r, 2, 20))))));
        f.add(new Family("gas pressure gauge frozen", Label.FAULT, "gas-pipeline-pressure-gauge",
                "a pressure transmitter's output freezes at its last value", ANY_INTERVAL,
                r -> frozenAt("gas.pipeline.pressure", between(r, 0.28, 0.32), Double.NaN)));
        f.add(new Family("gas main rupture flow surge", Label.HAZARD, "gas-pipeline-flow-meter",
                "a main ruptures downstream: flow through the station doubles or triples within a minute and stays",
                ANY_INTERVAL, r -> plan(HOLD, new Track("gas.pipeline.flow",
                        ramp(between(r, 800, 1500), between(r, 1500, 3500), between(r, 10, 120))))));
        f.add(new Family("gas demand spike", Label.NUISANCE, "gas-pipeline-flow-meter",
                "a large boiler starts: flow jumps for a few seconds while the line packs, then settles",
                ANY_INTERVAL, r -> plan(600, new Track("gas.pipeline.flow",
                        pulse(between(r, 800, 1500), between(r, 1500, 3000), between(r, 1, 10))))));
        f.add(new Family("gas migrating into a basement", Label.HAZARD, "underground-space-gas-detector",
                "gas from a leaking main seeps through soil into a utility tunnel: the concentration climbs over ten "
                        + "minutes to an hour to 8-60 %LEL", ANY_INTERVAL, r -> plan(LONG_HOLD,
                new Track("gas.concentration", ramp(0, between(r, 8, 60), between(r, 600, 3600))))));
        f.add(new Family("vehicle exhaust or spray", Label.NUISANCE, "underground-space-gas-detector",
                "a vehicle idles by the vent or a worker sprays paint: 6-20 %LEL for a few seconds", ANY_INTERVAL,
                r -> plan(600, new Track("gas.concentration", pulse(0, between(r, 6, 20), between(r, 2, 15))))));
        f.add(new Family("tunnel detector battery dying", Label.FAULT, "underground-space-gas-detector",
                "a tunnel detector's battery falls into its last fifth", ANY_INTERVAL,
                r -> plan(3600, new Track("battery.level", battery(r)))));
        f.add(new Family("excavation above the main", Label.HAZARD, "pipeline-vibration-sensor",
                "a breaker or excavator works above the main for an hour: ground vibration of 3-60 mm/s, varying "
                        + "blow by blow", ANY_INTERVAL, r -> plan(HOLD, new Track("gas.pipeline.vibration",
                scattered(ramp(between(r, 0.05, 0.3), between(r, 3, 60), between(r, 10, 120)), 0.3, r.nextLong())))));
        f.add(new Family("heavy truck over the main", Label.NUISANCE, "pipeline-vibration-sensor",
                "a loaded truck passes over the main: 3-15 mm/s for two to ten seconds", ANY_INTERVAL, r -> plan(600,
                new Track("gas.pipeline.vibration", pulse(between(r, 0.05, 0.3), between(r, 3, 15), between(r, 2, 10))))));
        f.add(new Family("construction seen on video", Label.HAZARD, "construction-video-analyser",
                "the camera's analytics recognise an excavator working over the main and keep seeing it",
                ANY_INTERVAL, r -> plan(HOLD, new Track("gas.construction.detected", on(Double.POSITIVE_INFINITY)))));
        // ---- water supply ----
        f.add(new Family("water main burst", Label.HAZARD, "water-pressure-gauge",
                "a main bursts: pressure collapses from 0.3-0.45 MPa to 0.05-0.18 MPa within seconds to two minutes "
                        + "and stays until it is isolated", ANY_INTERVAL, r -> plan(HOLD,
                new Track("water.pressure", to(between(r, 0.3, 0.45), between(r, 0.05, 0.18), between(r, 10, 120))))));
        f.add(new Family("pump trip water hammer", Label.NUISANCE, "water-pressure-gauge",
                "a pump trips: the pressure wave rings along the main with a period of 4L/a (2-20 s for 0.5-5 km) "
                        + "and dies out by friction within tens of seconds, peaks up to 0.5-0.8 MPa above static",
                ANY_INTERVAL, r -> plan(600, new Track("water.pressure",
                        ringing(between(r, 0.3, 0.4), between(r, 0.4, 0.75), between(r, 2, 20), between(r, 5, 20))))));
        f.add(new Family("water pressure gauge frozen", Label.FAULT, "water-pressure-gauge",
                "a pressure logger's sensor freezes at its last value", ANY_INTERVAL,
                r -> frozenAt("water.pressure", between(r, 0.3, 0.45), Double.NaN)));
        f.add(new Family("burst flow surge", Label.HAZARD, "water-flow-meter",
                "a main bursts downstream: flow velocity rises from under 1 m/s to 2.2-4.5 m/s and stays",
                ANY_INTERVAL, r -> plan(HOLD, new Track("water.flow.velocity",
                        ramp(between(r, 0.3, 1.0), between(r, 2.0, 3.5), between(r, 10, 120))))));
        f.add(new Family("air pocket through the meter", Label.NUISANCE, "water-flow-meter",
                "an air pocket passes an electromagnetic meter: one wild velocity sample of 2-4 m/s", ANY_INTERVAL,
                r -> plan(600, new Track("water.flow.velocity", pulse(between(r, 0.3, 1.0), between(r, 2, 3.5), between(r, 0.5, 4))))));
        f.add(new Family("new leak heard", Label.HAZARD, "leak-noise-logger",
                "a joint starts leaking: the logger's noise level rises from 15-25 dB to 32-70 dB and stays",
                ANY_INTERVAL, r -> plan(HOLD, new Track("water.leak.noise",
                        ramp(between(r, 15, 25), between(r, 17, 45), between(r, 60, 600))))));
        f.add(new Family("night traffic noise", Label.NUISANCE, "leak-noise-logger",
                "a bus or a motorbike passes the valve chamber at night: 30-50 dB for two to twenty seconds",
                ANY_INTERVAL, r -> plan(600, new Track("water.leak.noise", pulse(between(r, 15, 25), between(r, 15, 25), between(r, 2, 20))))));
        // ---- drainage ----
        f.add(new Family("storm surcharge", Label.HAZARD, "drainage-level-gauge",
                "a cloudburst overloads the sewer: the level in the well climbs over ten to forty minutes to 1.1-3 m",
                ANY_INTERVAL, r -> plan(LONG_HOLD, new Track("drainage.level",
                        ramp(between(r, 0.1, 0.4), between(r, 1.0, 2.6), between(r, 600, 2400))))));
        f.add(new Family("radar echo from foam or a spider", Label.NUISANCE, "drainage-level-gauge",
                "foam, a spider or a drip in front of the radar returns one false echo: a single level of 1-3 m",
                ANY_INTERVAL, r -> plan(600, new Track("drainage.level", pulse(between(r, 0.1, 0.4), between(r, 1, 2.6), between(r, 0.5, 4))))));
        f.add(new Family("drainage gauge frozen", Label.FAULT, "drainage-level-gauge",
                "a level gauge's firmware hangs and it repeats one level, exactly, for hours", ANY_INTERVAL,
                r -> frozenAt("drainage.level", between(r, 0.1, 0.4), between(r, 0.2, 2.5))));
        f.add(new Family("drainage gauge battery dying", Label.FAULT, "drainage-level-gauge",
                "a well gauge's battery falls into its last fifth", ANY_INTERVAL,
                r -> plan(3600, new Track("battery.level", battery(r)))));
        f.add(new Family("river backflow", Label.HAZARD, "drainage-flow-meter",
                "a high river pushes back into the outfall: the flow reverses and stays reversed at 0.15-0.8 m/s",
                ANY_INTERVAL, r -> plan(HOLD, new Track("drainage.flow.velocity",
                        to(between(r, 0.3, 0.8), -between(r, 0.15, 0.8), between(r, 120, 1200))))));
        f.add(new Family("eddy reverses one sample", Label.NUISANCE, "drainage-flow-meter",
                "turbulence at a junction gives one negative velocity sample of 0.1-0.6 m/s", ANY_INTERVAL,
                r -> plan(600, new Track("drainage.flow.velocity", spikeTo(between(r, 0.3, 0.8), -between(r, 0.1, 0.6), between(r, 1, 6))))));
        f.add(new Family("underpass flooding", Label.HAZARD, "ponding-depth-gauge",
                "a rainstorm floods an underpass: water on the road rises over five to thirty minutes to 0.1-0.8 m",
                ANY_INTERVAL, r -> plan(HOLD, new Track("drainage.level", ramp(0, between(r, 0.1, 0.8), between(r, 300, 1800))))));
        f.add(new Family("vehicle splash", Label.NUISANCE, "ponding-depth-gauge",
                "a car drives through a puddle and splashes the gauge: one sample of 0.1-0.4 m", ANY_INTERVAL,
                r -> plan(600, new Track("drainage.level", pulse(0, between(r, 0.1, 0.4), between(r, 0.5, 4))))));
        f.add(new Family("ponding gauge battery dying", Label.FAULT, "ponding-depth-gauge",
                "a ponding gauge's battery falls into its last fifth", ANY_INTERVAL,
                r -> plan(3600, new Track("battery.level", battery(r)))));
        f.add(new Family("rainstorm", Label.HAZARD, "rain-gauge",
                "a rainstorm: 15-80 mm/h for an hour or more, varying from one interval to the next",
                new int[]{60, 120, 300}, r -> plan(3600, new Track("rainfall.intensity",
                scattered(ramp(0, between(r, 15, 80), between(r, 300, 900)), 0.25, r.nextLong())))));
        f.add(new Family("passing shower", Label.NUISANCE, "rain-gauge",
                "a shower passes in one to seven minutes at 12-40 mm/h; the ground takes it", new int[]{60, 120, 300},
                r -> plan(1200, new Track("rainfall.intensity", pulse(0, between(r, 12, 40), between(r, 60, 420))))));
        f.add(new Family("sewer methane buildup", Label.HAZARD, "well-gas-detector",
                "methane from a leaking main or rotting sludge gathers in a well over ten minutes to an hour, to "
                        + "8-60 %LEL", ANY_INTERVAL, r -> plan(LONG_HOLD, new Track("gas.concentration",
                ramp(0, between(r, 8, 60), between(r, 600, 3600))))));
        f.add(new Family("well opened for maintenance", Label.NUISANCE, "well-gas-detector",
                "a crew opens the well and ventilates it: gas readings jump for minutes, flagged MAINTENANCE",
                ANY_INTERVAL, r -> flagged(1200, Set.of("MAINTENANCE"), new Track("gas.concentration",
                        pulse(0, between(r, 10, 60), between(r, 60, 600))))));
        f.add(new Family("well detector battery dying", Label.FAULT, "well-gas-detector",
                "a well detector's battery falls into its last fifth", ANY_INTERVAL,
                r -> plan(3600, new Track("battery.level", battery(r)))));
        // ---- heating ----
        f.add(new Family("heating pipe leak", Label.HAZARD, "heating-pipe-monitor",
                "a supply pipe corrodes through: pressure falls from 0.6-0.9 MPa to 0.05-0.35 MPa over one to twenty "
                        + "minutes and stays", ANY_INTERVAL, r -> plan(HOLD, new Track("heating.pressure",
                to(between(r, 0.6, 0.9), between(r, 0.05, 0.35), between(r, 60, 1200))))));
        f.add(new Family("circulation pump start hammer", Label.NUISANCE, "heating-pipe-monitor",
                "a circulation pump starts or trips: pressure rings by 0.3-0.7 MPa for tens of seconds", ANY_INTERVAL,
                r -> plan(600, new Track("heating.pressure", ringing(between(r, 0.6, 0.9), between(r, 0.3, 0.7),
                        between(r, 2, 15), between(r, 5, 20))))));
        f.add(new Family("heating gauge frozen", Label.FAULT, "heating-pipe-monitor",
                "a pressure transmitter's output freezes at its last value", ANY_INTERVAL,
                r -> frozenAt("heating.pressure", between(r, 0.6, 0.9), Double.NaN)));
        // ---- bridges ----
        f.add(new Family("pier settlement", Label.HAZARD, "bridge-inclinometer",
                "scour undermines a pier: it tilts by 0.25-1.5° over ten minutes to an hour and stays tilted",
                ANY_INTERVAL, r -> plan(LONG_HOLD, new Track("bridge.tilt", ramp(between(r, -0.05, 0.05), sign(r) * between(r, 0.25, 1.5),
                between(r, 600, 3600))))));
        f.add(new Family("heavy truck on the span", Label.NUISANCE, "bridge-inclinometer",
                "a loaded truck crosses: the span tilts by 0.2-1.0° for the three to twenty seconds it takes",
                ANY_INTERVAL, r -> plan(600, new Track("bridge.tilt", pulse(between(r, -0.05, 0.05), sign(r) * between(r, 0.2, 1.0),
                between(r, 3, 20))))));
        f.add(new Family("wind gust on the inclinometer", Label.NUISANCE, "bridge-inclinometer",
                "a gust sways the pylon: 0.1-0.4° for three to ten seconds", ANY_INTERVAL, r -> plan(600,
                new Track("bridge.tilt", pulse(between(r, -0.05, 0.05), sign(r) * between(r, 0.15, 0.4), between(r, 3, 10))))));
        f.add(new Family("inclinometer frozen", Label.FAULT, "bridge-inclinometer",
                "an inclinometer's logger hangs and repeats one tilt exactly", ANY_INTERVAL,
                r -> frozenAt("bridge.tilt", between(r, -0.05, 0.05), sign(r) * between(r, 0.1, 1.0))));
        f.add(new Family("bearing slip", Label.HAZARD, "bridge-displacement-meter",
                "a bearing slips: the girder moves 12-80 mm within seconds and stays displaced", ANY_INTERVAL,
                r -> plan(HOLD, new Track("bridge.displacement", ramp(between(r, -2, 2), sign(r) * between(r, 12, 80), between(r, 1, 30))))));
        f.add(new Family("truck on the displacement meter", Label.NUISANCE, "bridge-displacement-meter",
                "a truck passes: the joint opens 10-40 mm for a few seconds", ANY_INTERVAL, r -> plan(600,
                new Track("bridge.displacement", pulse(between(r, -2, 2), sign(r) * between(r, 10, 40), between(r, 2, 15))))));
        f.add(new Family("crack widening", Label.HAZARD, "bridge-crack-meter",
                "a crack in a girder opens under a failing tendon: from 0.05 mm to 0.12-0.8 mm over twenty minutes "
                        + "to an hour", ANY_INTERVAL, r -> plan(LONG_HOLD, new Track("bridge.crack.width",
                ramp(between(r, 0.03, 0.06), between(r, 0.1, 0.75), between(r, 1200, 3600))))));
        f.add(new Family("truck breathing the crack", Label.NUISANCE, "bridge-crack-meter",
                "a truck crossing opens the crack by 0.1-0.4 mm for a few seconds", ANY_INTERVAL, r -> plan(600,
                new Track("bridge.crack.width", pulse(between(r, 0.03, 0.06), between(r, 0.1, 0.4), between(r, 2, 15))))));
        f.add(new Family("overstrained girder", Label.HAZARD, "bridge-strain-gauge",
                "a girder loses a support and carries more: static strain settles 110-400 µε from baseline",
                ANY_INTERVAL, r -> plan(HOLD, new Track("bridge.strain", ramp(between(r, -10, 10), sign(r) * between(r, 110, 400), between(r, 10, 600))))));
        f.add(new Family("truck on the strain gauge", Label.NUISANCE, "bridge-strain-gauge",
                "a heavy axle passes over the gauge: 100-300 µε for a second or two", ANY_INTERVAL, r -> plan(600,
                new Track("bridge.strain", pulse(between(r, -10, 10), sign(r) * between(r, 100, 300), between(r, 1, 5))))));
        f.add(new Family("span sagging", Label.HAZARD, "bridge-deflection-gauge",
                "a span loses stiffness: deflection settles 22-70 mm below baseline over minutes", ANY_INTERVAL,
                r -> plan(HOLD, new Track("bridge.deflection", ramp(between(r, -2, 2), -between(r, 22, 70), between(r, 60, 900))))));
        f.add(new Family("convoy on the span", Label.NUISANCE, "bridge-deflection-gauge",
                "a convoy of trucks crosses: deflection of 20-45 mm for ten to forty seconds", ANY_INTERVAL,
                r -> plan(600, new Track("bridge.deflection", pulse(between(r, -2, 2), -between(r, 20, 45), between(r, 10, 40))))));
        f.add(new Family("vortex-induced vibration", Label.HAZARD, "bridge-accelerometer",
                "steady wind locks in with a deck mode: acceleration of 0.6-3 m/s² builds and persists for an hour",
                ANY_INTERVAL, r -> plan(HOLD, new Track("bridge.acceleration",
                scattered(ramp(between(r, 0.02, 0.1), between(r, 0.6, 3), between(r, 60, 600)), 0.15, r.nextLong())))));
        f.add(new Family("single truck bump", Label.NUISANCE, "bridge-accelerometer",
                "a truck hits the expansion joint: one peak of 0.5-1.5 m/s²", ANY_INTERVAL, r -> plan(600,
                new Track("bridge.acceleration", pulse(between(r, 0.02, 0.1), between(r, 0.5, 1.5), between(r, 0.5, 4))))));
        f.add(new Family("typhoon", Label.HAZARD, "bridge-anemometer",
                "a typhoon's wind builds over half an hour to a mean of 12-40 m/s and blows for hours, gusting ±20 %",
                ANY_INTERVAL, r -> plan(HOLD, new Track("wind.speed",
                scattered(ramp(between(r, 3, 8), between(r, 10, 32), between(r, 600, 1800)), 0.2, r.nextLong())))));
        f.add(new Family("gust on a breezy day", Label.NUISANCE, "bridge-anemometer",
                "a breezy day's gust: from 5-9 m/s to twice that for three to ten seconds", ANY_INTERVAL, r -> {
            double base = between(r, 5, 9);
            return plan(600, new Track("wind.speed", pulse(base, base * between(r, 0.6, 1.0), between(r, 3, 10))));
        }));
        f.add(new Family("weather station wind pressure frozen", Label.FAULT, "bridge-weather-station",
                "a weather station's wind pressure transducer freezes at its last value", ANY_INTERVAL,
                r -> frozenAt("wind.pressure", between(r, 20, 120), Double.NaN)));
        // ---- power ----
        f.add(new Family("trench cable overheating", Label.HAZARD, "cable-trench-monitor",
                "an overloaded or faulty cable heats over ten to thirty minutes to 65-110 °C", ANY_INTERVAL,
                r -> plan(HOLD, new Track("cable.temperature", ramp(between(r, 25, 40), between(r, 35, 70), between(r, 600, 1800))))));
        f.add(new Family("trench flooding", Label.HAZARD, "cable-trench-monitor",
                "storm water fills the trench: the immersion sensor reports water and keeps reporting it",
                ANY_INTERVAL, r -> plan(HOLD, new Track("water.immersion", on(Double.POSITIVE_INFINITY)))));
        f.add(new Family("cable sensor interference", Label.NUISANCE, "cable-trench-monitor",
                "switching on a nearby feeder corrupts one cable-temperature sample", ANY_INTERVAL, r -> plan(600,
                new Track("cable.temperature", pulse(between(r, 25, 40), between(r, 40, 80), between(r, 0.5, 3))))));
        f.add(new Family("supply lost", Label.HAZARD, "power-supply-monitor",
                "a feeder trips and the monitored point stays without supply", ANY_INTERVAL,
                r -> plan(HOLD, new Track("power.outage", on(Double.POSITIVE_INFINITY)))));
        f.add(new Family("planned switching", Label.NUISANCE, "power-supply-monitor",
                "the grid company switches the feeder for maintenance: supply off for one to ten minutes, flagged "
                        + "MAINTENANCE", ANY_INTERVAL, r -> flagged(1200, Set.of("MAINTENANCE"),
                new Track("power.outage", on(between(r, 60, 600))))));
        return List.copyOf(f);
    }

    /** A battery at 24-30 % that discharges into its last fifth (10-18 %) within the episode. */
    static Family.Shape battery(Random r) {
        double start = between(r, 24, 30);
        return ramp(start, between(r, 10, 18) - start, between(r, 1200, 3000));
    }

    /** From {@code base} to {@code end} over {@code rampSeconds}, held. */
    static Family.Shape to(double base, double end, double rampSeconds) {
        return ramp(base, end - base, rampSeconds);
    }

    /** {@code base}, and {@code value} for {@code widthSeconds} from the onset. */
    static Family.Shape spikeTo(double base, double value, double widthSeconds) {
        return pulse(base, value - base, widthSeconds);
    }

    static Plan plan(double afterSeconds, Track... tracks) {
        return new Plan(List.of(tracks), afterSeconds);
    }

    static Plan flagged(double afterSeconds, Set<String> flags, Track... tracks) {
        return new Plan(List.of(tracks), 600, afterSeconds, flags);
    }

    /**
     * A sensor that reads {@code normal} with its noise, then from the onset repeats {@code frozen} exactly (its last
     * value when NaN) for hours: here an hour and a half.
     */
    static Plan frozenAt(String metric, double normal, double frozen) {
        double value = Double.isNaN(frozen) ? normal : frozen;
        return new Plan(List.of(new Track(metric, t -> t < 0 ? normal : value, true)), 600, 5400, Set.of());
    }
}
