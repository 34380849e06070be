package io.swiftnode.ops;

import io.swiftnode.config.ServerConfig;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.logging.Logger;

/**
 * Registers {@link ReconServlet} under the name {@value ReconServlet#NAME}, without a URL mapping, when
 * {@code [pipeline:main]} lists the recon filter. The object servlet, which receives every object-server path
 * raw, forwards the {@code /recon/} ones to it by name. Without the filter nothing is registered and
 * {@code /recon/...} stays an object-server path exactly as before.
 *
 * <p>A mapping ({@code /recon/*}) is deliberately not used: the container would map the plain paths by its
 * decoded, normalised view of them, while Swift's filter decides on the percent-decoded raw path; and a
 * servlet that passed non-recon requests on by a named forward changes the object servlet's answers (the
 * container then appends a charset to its {@code Content-Type}).
 *
 * <p>Thread-safety: the container calls it once, at deployment.
 */
@WebListener
public class ReconRegistration implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(ReconRegistration.class.getName());

    @Inject
    private ServerConfig config;

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        if (config.recon().inPipeline()) {
            sce.getServletContext().addServlet(ReconServlet.NAME, ReconServlet.class).setLoadOnStartup(1);
            LOG.fine("recon filter in the pipeline: /recon/ paths are answered by the recon servlet");
        }
    }
}
