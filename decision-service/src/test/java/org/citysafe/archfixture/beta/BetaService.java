package org.citysafe.archfixture.beta;

import org.citysafe.archfixture.alpha.AlphaService;

/** Fixture for the architecture rules: the other half of a cycle. */
public class BetaService {
    public int use(AlphaService alpha) {
        return alpha.hashCode();
    }
}
