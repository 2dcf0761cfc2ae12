package org.citysafe.archfixture.gamma;

import org.citysafe.archfixture.gamma.internal.GammaStore;

/** Fixture for the architecture rules: a module may use its own internals. */
public class GammaApi {
    public int use(GammaStore store) {
        return store.hashCode();
    }
}
