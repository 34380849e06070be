package io.swiftnode.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Installs lazy {@code 100 Continue} ({@link ExpectContinue}) when the WAR runs on Payara, and stays harmless
 * elsewhere. The installer proper, {@value #INSTALLER}, lives in {@code src/payara-glue} and uses Payara/Grizzly
 * internals; this listener is Jakarta-only and loads it reflectively, so that a container without those classes
 * never links them: the container instantiates this class (its annotation is what it scans), and a missing
 * Payara class shows up here as a {@link LinkageError} or {@link ClassNotFoundException}, which is logged once at
 * INFO ("lazy 100-continue unavailable") while the deployment goes on. There {@link ExpectContinue#of} answers
 * {@link ExpectContinue.Mode#CONTAINER} for {@code Expect} requests (WildFly/Undertow send the 100 lazily by
 * themselves, without headers). If the classes are there but installing fails, that is logged at SEVERE with
 * the cause and the deployment goes on without the glue: under {@code payara/run.sh} the HTTP listener, which
 * the glue opens once it is installed, then stays closed (connection refused, a node that is down to Swift); a
 * listener that was open from the start (the Arquillian tests) keeps sending the 100 eagerly and mangles some
 * object paths, which Swift's proxy does not expect.
 *
 * <p>The outcome is published as servlet-context attribute {@link #ACTIVE_ATTRIBUTE} ({@link Boolean}).
 *
 * <p>Thread-safety: the container calls {@code contextInitialized} and {@code contextDestroyed} once each, in
 * that order; the installer reference is volatile for a container that uses different threads for them.
 */
@WebListener
public class LazyContinueListener implements ServletContextListener {
    /** The Payara-internal installer, loaded by name (see the class comment). */
    static final String INSTALLER = "io.swiftnode.payara.LazyContinueInstaller";

    /** Servlet-context attribute: {@link Boolean#TRUE} while lazy 100-continue is installed for this context. */
    public static final String ACTIVE_ATTRIBUTE = "io.swiftnode.http.LazyContinue.active";

    private static final Logger LOG = Logger.getLogger(LazyContinueListener.class.getName());
    private static final AtomicBoolean UNAVAILABLE_LOGGED = new AtomicBoolean();

    private volatile ServletContextListener installer;

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        sce.getServletContext().setAttribute(ACTIVE_ATTRIBUTE, Boolean.FALSE);
        ServletContextListener glue;
        try {
            glue = Class.forName(INSTALLER, true, LazyContinueListener.class.getClassLoader())
                    .asSubclass(ServletContextListener.class).getDeclaredConstructor().newInstance();
            glue.contextInitialized(sce);
        } catch (ClassNotFoundException | LinkageError e) {
            if (UNAVAILABLE_LOGGED.compareAndSet(false, true)) {
                LOG.info("lazy 100-continue unavailable (not on Payara: " + e
                        + "); the container handles Expect: 100-continue, 100 Continue cannot carry headers");
            }
            return;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.SEVERE, "the Payara glue (lazy 100-continue, raw request paths) could not be "
                    + "installed: the HTTP listener is not opened (a listener open from boot keeps sending "
                    + "100 Continue before the application runs)", e);
            return;
        }
        installer = glue;
        sce.getServletContext().setAttribute(ACTIVE_ATTRIBUTE, Boolean.TRUE);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        ServletContextListener glue = installer;
        installer = null;
        if (glue != null) {
            sce.getServletContext().setAttribute(ACTIVE_ATTRIBUTE, Boolean.FALSE);
            glue.contextDestroyed(sce);
        }
    }
}
