package org.citysafe.scenarios.quality;

import org.citysafe.rules.Decision;
import org.citysafe.rules.Device;
import org.citysafe.rules.Reading;

import java.util.List;

/**
 * "Decide these readings in order and give me the decisions": all the corpus and its report need from a decision
 * path. The readings of one episode arrive in delivery order (duplicates, late and out-of-order readings included);
 * the answer has one entry per reading and one per re-examination of a held-back condition, in the order made.
 * The report does not know which assembly decides: today {@link ReplayAssembly}, the one the replay harness uses,
 * later the one DecisionEngine of the service.
 */
public interface EpisodeDecider {

    /** A decision and the reading it was made on (a held reading for a re-examination). */
    record Decided(Reading reading, Decision decision) {
    }

    List<Decided> decide(List<Device> devices, List<Reading> readings);
}
