package dev.hatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The embedded Jetty does not print its INFO banner into the host's log; its warnings still come through. */
class JettyLoggingTest {
    @Test
    void jettyInfoBannerIsQuietButWarningsAreNot() throws Exception {
        try (TestEndpoint e = TestEndpoint.start()) {
            String root = org.eclipse.jetty.server.Server.class.getPackageName().replace(".server", "");
            Logger jetty = Logger.getLogger(root + ".server.Server");
            assertThat(e.hatch().port()).isPositive();
            assertThat(jetty.isLoggable(Level.INFO)).isFalse();
            assertThat(jetty.isLoggable(Level.WARNING)).isTrue();
            assertThat(Logger.getLogger("dev.hatch").isLoggable(Level.INFO)).isTrue(); // Hatch's own line is untouched
        }
    }
}
