/**
 * Hatch as a named module: the public API ({@code dev.hatch}) and the SPI for integrations
 * ({@code dev.hatch.spi}) are exported; everything under {@code dev.hatch.internal}, including
 * the relocated Jetty and SLF4J, stays inside.
 *
 * <p>This descriptor is compiled against the shaded jar and added to it after shading (see the
 * {@code module-info} execution in {@code hatch-core/pom.xml}), because it names the relocated
 * packages. On the class path, and as a Java agent, it is ignored.
 */
module dev.hatch {
    exports dev.hatch;
    exports dev.hatch.spi;

    requires java.logging;
    requires java.management;
    requires java.naming;
    requires jdk.jfr;
    requires jdk.management;
    // The REPL (off by default) needs JShell; without it the REPL routes say so. A program on the
    // class path resolves jdk.jshell anyway; a modular program adds it with --add-modules jdk.jshell.
    requires static jdk.jshell;
    // Only parts of the relocated Jetty that Hatch does not call use these.
    requires static java.desktop;
    requires static java.sql;

    uses dev.hatch.internal.shaded.org.slf4j.spi.SLF4JServiceProvider;
    uses dev.hatch.internal.shaded.org.eclipse.jetty.http.HttpFieldPreEncoder;
    uses dev.hatch.internal.shaded.org.eclipse.jetty.util.security.CredentialProvider;

    provides dev.hatch.internal.shaded.org.slf4j.spi.SLF4JServiceProvider
            with dev.hatch.internal.transport.JettyLogProvider;
    provides dev.hatch.internal.shaded.org.eclipse.jetty.http.HttpFieldPreEncoder
            with dev.hatch.internal.shaded.org.eclipse.jetty.http.Http10FieldPreEncoder,
                    dev.hatch.internal.shaded.org.eclipse.jetty.http.Http11FieldPreEncoder;
}
