package org.citysafe.service.policy;

import org.citysafe.rules.Device;
import org.citysafe.rules.policy.Policy;
import org.springframework.stereotype.Service;

/**
 * Resolves the policy in force for a device. Today every district runs on the shipped defaults; district scopes,
 * versions and publishing build on this single entry point.
 */
@Service
public class PolicyService {

    private final Policy defaults = Policy.defaults();

    public Policy policyFor(Device device) {
        return defaults;
    }

    public Policy defaults() {
        return defaults;
    }
}
