package org.citysafe.benchmarks;

import org.citysafe.rules.Level;
import org.citysafe.rules.policy.Policy;
import org.citysafe.rules.policy.Threshold;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.runtime.StatelessKieSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Baseline 1: a plain Drools stateless session with the same graded thresholds as facts and three rules (above,
 * below, beyond). What Drools costs before any of our logic.
 */
public final class ThresholdsOnlyDrools {

    private static final String DRL = "org/citysafe/benchmarks/thresholds-only.drl";

    private final KieBase kieBase;
    private final List<Threshold> thresholds;

    public ThresholdsOnlyDrools(Policy policy) {
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.write("src/main/resources/" + DRL, read(DRL));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) throw new IllegalStateException("baseline DRL does not compile: " + errors);
        this.kieBase = ks.newKieContainer(ks.getRepository().getDefaultReleaseId()).getKieBase();
        this.thresholds = policy.allThresholds();
    }

    /** A session for one thread: the global collecting crossings is not shared. */
    public Session newSession() {
        return new Session(kieBase.newStatelessKieSession());
    }

    public final class Session {
        private final StatelessKieSession session;
        private final List<Object[]> crossings = new ArrayList<>();

        private Session(StatelessKieSession session) {
            this.session = session;
            session.setGlobal("crossings", crossings);
        }

        /** The most severe level each sample crosses, null where it crosses none. */
        public Level[] levels(List<Sample> samples) {
            crossings.clear();
            List<Object> facts = new ArrayList<>(samples.size() + thresholds.size());
            facts.addAll(thresholds);
            facts.addAll(samples);
            session.execute(facts);
            Level[] out = new Level[samples.size()];
            for (Object[] c : crossings) {
                int i = ((Sample) c[0]).getIndex();
                Level level = ((Threshold) c[1]).getLevel();
                if (out[i] == null || level.severity() > out[i].severity()) out[i] = level;
            }
            return out;
        }
    }

    private static String read(String resource) {
        try (InputStream in = ThresholdsOnlyDrools.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
