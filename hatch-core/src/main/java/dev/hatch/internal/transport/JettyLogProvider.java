package dev.hatch.internal.transport;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Where the shaded Jetty's log records go: {@code java.util.logging}, one level lower than Jetty
 * chose. Jetty logs every start and stop at INFO ("jetty-12…", "Started ServerConnector…"), which
 * in a host application's log is noise from a guest; Hatch logs its own one line instead. Jetty's
 * warnings stay visible at INFO, its errors at WARNING. Relocated with SLF4J by the shade
 * plugin, so it never meets the application's own SLF4J.
 */
public final class JettyLogProvider implements SLF4JServiceProvider {
    private final ILoggerFactory loggers = JulLogger::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    private static Level demoted(org.slf4j.event.Level level) {
        return switch (level) {
            case ERROR -> Level.WARNING;
            case WARN -> Level.INFO;
            case INFO -> Level.FINE;
            case DEBUG -> Level.FINER;
            case TRACE -> Level.FINEST;
        };
    }

    /** One JUL logger per Jetty logger name. */
    private static final class JulLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger jul;

        JulLogger(String name) {
            this.name = name;
            this.jul = Logger.getLogger(name);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, Marker marker, String pattern,
                                                   Object[] args, Throwable t) {
            Level julLevel = demoted(level);
            if (!jul.isLoggable(julLevel)) {
                return;
            }
            LogRecord record = new LogRecord(julLevel, MessageFormatter.basicArrayFormat(pattern, args));
            record.setLoggerName(name);
            record.setThrown(t);
            jul.log(record);
        }

        @Override
        public boolean isTraceEnabled() {
            return jul.isLoggable(Level.FINEST);
        }

        @Override
        public boolean isDebugEnabled() {
            return jul.isLoggable(Level.FINER);
        }

        @Override
        public boolean isInfoEnabled() {
            return jul.isLoggable(Level.FINE);
        }

        @Override
        public boolean isWarnEnabled() {
            return jul.isLoggable(Level.INFO);
        }

        @Override
        public boolean isErrorEnabled() {
            return jul.isLoggable(Level.WARNING);
        }
    }
}
