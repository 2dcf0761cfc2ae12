package org.citysafe.archfixture.alpha;

import org.citysafe.archfixture.beta.BetaService;
import org.citysafe.archfixture.gamma.internal.GammaStore;

/** Fixture for the architecture rules: alpha uses beta (which uses alpha back) and gamma's internals. */
public class AlphaService {
    public int use(BetaService beta, GammaStore store) {
        return beta.hashCode() + store.hashCode();
    }
}
