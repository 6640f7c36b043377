package dev.hatch.transport;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Server;

/**
 * Keeps the embedded Jetty from printing its start-up banner ("jetty-12…", "Started …") into the
 * host's log at INFO: Hatch prints one line of its own. Only the logger of Hatch's private,
 * relocated copy of Jetty is touched ({@code dev.hatch.internal.shaded.org.eclipse.jetty} in
 * the published jar), and only when the host has not configured a level for it; warnings and
 * errors still come through.
 */
final class JettyLogging {
    /** Held so that the level is not lost when the logger would otherwise be collected. */
    private static volatile Logger jettyRoot;

    private JettyLogging() {
    }

    static synchronized void quiet() {
        if (jettyRoot != null) {
            return;
        }
        String pkg = Server.class.getPackageName(); // relocated at build time
        String root = pkg.substring(0, pkg.length() - ".server".length());
        Logger logger = Logger.getLogger(root);
        if (logger.getLevel() == null && LogManager.getLogManager().getProperty(root + ".level") == null) {
            logger.setLevel(Level.WARNING);
        }
        jettyRoot = logger;
    }
}
