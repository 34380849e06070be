package io.swiftnode.payara;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.glassfish.grizzly.config.GenericGrizzlyListener;
import org.glassfish.grizzly.config.GrizzlyListener;
import org.glassfish.grizzly.config.dom.NetworkListener;
import org.glassfish.grizzly.http.ChunkedTransferEncoding;
import org.glassfish.grizzly.http.TransferEncoding;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.hk2.api.ServiceLocator;
import org.glassfish.internal.api.Globals;

import com.sun.enterprise.v3.services.impl.GrizzlyProxy;
import com.sun.enterprise.v3.services.impl.NetworkProxy;

/**
 * Adds {@link RawPathProbe} and {@link LazyContinueProbe} (in that order) to the HTTP server filter, and
 * {@link ExpectAwareChunkedEncoding} to the HTTP codec, of every started Grizzly listener of the server, and takes
 * them away again on undeploy. Found through HK2: every {@code NetworkListener} config bean, its
 * {@code NetworkProxy} from Payara's {@code GrizzlyService}, the {@code GenericGrizzlyListener} under it and the
 * filters in its chain.
 *
 * <p>Not annotated: {@code io.swiftnode.http.LazyContinueListener} (Jakarta-only) instantiates it by name and
 * forwards its events, so that no container links this class unless Payara's classes are there (see the
 * package comment). {@link #contextInitialized} throws {@link IllegalStateException} when nothing could be
 * installed (and leaves nothing half-installed); a missing Payara class surfaces as a {@link LinkageError}.
 *
 * <p>Listeners are global to the server, so the probe acts on requests of every application under this
 * deployment's context path (all of them with the root context, as {@code payara/run.sh} deploys it).
 *
 * <p>Thread-safety: the container calls the two methods once each, in order; they are synchronized so that the
 * lists are safely published between them.
 */
public final class LazyContinueInstaller implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(LazyContinueInstaller.class.getName());
    private static final String GRIZZLY_SERVICE = "com.sun.enterprise.v3.services.impl.GrizzlyService";

    private final List<HttpServerFilter> probed = new ArrayList<>();
    private final Map<org.glassfish.grizzly.http.HttpServerFilter, ExpectAwareChunkedEncoding> wrapped =
            new IdentityHashMap<>();
    private LazyContinueProbe probe;
    private RawPathProbe rawPathProbe;

    @Override
    public synchronized void contextInitialized(ServletContextEvent sce) {
        probe = new LazyContinueProbe(sce.getServletContext().getContextPath());
        rawPathProbe = RawPathProbe.of(sce.getServletContext());
        try {
            install();
        } catch (RuntimeException e) {
            uninstall();
            throw e;
        }
        if (probed.isEmpty()) {
            uninstall();
            throw new IllegalStateException("lazy 100-continue: no started Grizzly HTTP listener found");
        }
    }

    private void install() {
        ServiceLocator locator = Globals.getDefaultHabitat();
        if (locator == null) {
            throw new IllegalStateException("lazy 100-continue: no HK2 service locator (Globals)");
        }
        // GrizzlyService is used reflectively only to keep its many supertypes off the compile classpath.
        Object grizzlyService;
        Method lookup;
        try {
            Class<?> type = Class.forName(GRIZZLY_SERVICE, false, NetworkProxy.class.getClassLoader());
            grizzlyService = locator.getService(type);
            lookup = type.getMethod("lookupNetworkProxy", NetworkListener.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lazy 100-continue: " + GRIZZLY_SERVICE + " not usable", e);
        }
        if (grizzlyService == null) {
            throw new IllegalStateException("lazy 100-continue: no " + GRIZZLY_SERVICE + " service");
        }
        for (NetworkListener config : locator.getAllServices(NetworkListener.class)) {
            NetworkProxy proxy;
            try {
                proxy = (NetworkProxy) lookup.invoke(grizzlyService, config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("lazy 100-continue: lookupNetworkProxy failed", e);
            }
            if (proxy instanceof GrizzlyProxy grizzlyProxy
                    && grizzlyProxy.getUnderlyingListener() instanceof GenericGrizzlyListener listener) {
                install(config.getName(), listener);
            }
        }
    }

    private void install(String name, GenericGrizzlyListener listener) {
        for (HttpServerFilter filter : listener.getFilters(HttpServerFilter.class)) {
            // the same listener can be reached through several config beans
            if (probed.stream().noneMatch(f -> f == filter)) {
                // the raw path first: the lazy probe then sees the request URI the container will map
                filter.getMonitoringConfig().addProbes(rawPathProbe, probe);
                probed.add(filter);
                LOG.info("lazy 100-continue and raw request paths installed on listener " + name + " port "
                        + listener.getPort());
            }
        }
        for (org.glassfish.grizzly.http.HttpServerFilter codec
                : listener.getFilters(org.glassfish.grizzly.http.HttpServerFilter.class)) {
            for (TransferEncoding encoding : codec.getTransferEncodings()) {
                if (encoding instanceof ChunkedTransferEncoding && !wrapped.containsKey(codec)) {
                    ExpectAwareChunkedEncoding wrapper = new ExpectAwareChunkedEncoding(encoding);
                    wrapped.put(codec, wrapper);
                    codec.addTransferEncoding(wrapper);       // add first: no moment without chunked decoding
                    codec.removeTransferEncoding(encoding);
                }
            }
        }
    }

    @Override
    public synchronized void contextDestroyed(ServletContextEvent sce) {
        uninstall();
    }

    private void uninstall() {
        probed.forEach(filter -> filter.getMonitoringConfig().removeProbes(rawPathProbe, probe));
        probed.clear();
        wrapped.forEach((codec, wrapper) -> {
            codec.addTransferEncoding(wrapper.delegate());
            codec.removeTransferEncoding(wrapper);
        });
        wrapped.clear();
    }
}
