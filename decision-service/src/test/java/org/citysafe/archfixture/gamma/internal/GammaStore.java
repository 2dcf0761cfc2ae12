package org.citysafe.archfixture.gamma.internal;

/** Fixture for the architecture rules: an internal class of module gamma. */
public class GammaStore {
}
