package org.citysafe.service.escalation;

import java.util.List;

/**
 * The escalation chains regulators published for a district and the scopes above it, most specific last: what
 * district policy ({@code policy}) provides to escalation without escalation depending on policy.
 */
@FunctionalInterface
public interface DistrictChains {

    DistrictChains NONE = districtPath -> List.of();

    List<EscalationChain> chainsFor(String districtPath);
}
