package io.swiftnode.payara;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.glassfish.api.event.EventListener;
import org.glassfish.api.event.Events;
import org.glassfish.grizzly.config.GenericGrizzlyListener;
import org.glassfish.grizzly.config.dom.Http;
import org.glassfish.grizzly.config.dom.NetworkListener;
import org.glassfish.grizzly.config.dom.Protocol;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.ChunkedTransferEncoding;
import org.glassfish.grizzly.http.TransferEncoding;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.hk2.api.ActiveDescriptor;
import org.glassfish.hk2.api.ServiceLocator;
import org.glassfish.hk2.utilities.AbstractActiveDescriptor;
import org.glassfish.hk2.utilities.BuilderHelper;
import org.glassfish.hk2.utilities.ServiceLocatorUtilities;
import org.glassfish.internal.api.Globals;
import org.glassfish.internal.data.ApplicationInfo;
import org.glassfish.internal.deployment.Deployment;
import org.jvnet.hk2.config.ConfigSupport;
import org.jvnet.hk2.config.TransactionFailure;

import com.sun.enterprise.v3.services.impl.GrizzlyProxy;
import com.sun.enterprise.v3.services.impl.NetworkProxy;

/**
 * Puts {@link RawPathProbe} and {@link LazyContinueProbe} (in that order) on the HTTP server filter, and
 * {@link ExpectAwareChunkedEncoding} on the HTTP codec, of Payara's Grizzly HTTP listeners, takes them away again
 * on undeploy, and opens the HTTP listener that {@code payara/preboot.asadmin} keeps closed once the application
 * has started. Found through HK2: the {@code NetworkListener} config beans, their {@code NetworkProxy} from
 * Payara's {@code GrizzlyService}, the {@code GenericGrizzlyListener} under it and the filters in its chain.
 *
 * <p>Two ways in, so that no listener ever serves a request without the probes:
 * <ul>
 * <li><b>Listeners created from now on</b> (the closed {@value #LISTENER} that this class opens, and any
 *     listener Payara re-creates after a network-config change): Grizzly-config builds a listener's filter chain
 *     in {@code GenericGrizzlyListener.configure} and asks HK2 for the {@code AddOn} named {@value #HOOK_NAME}
 *     while doing so (comet support, on in Payara Micro's domain.xml and in preboot.asadmin), with the chain
 *     builder that already holds both HTTP filters; only after {@code configure} has returned does
 *     {@code GrizzlyProxy.start} start the transport, so no connection is read before the chain exists. This
 *     class registers an {@code AddOn} of its own under that name, ranked above Payara's
 *     {@code CometAddOnProvider}, that adds the probes and the encoding to the filters in the builder and then
 *     hands the builder to Payara's comet add-on as before. A builder without the HTTP filters makes it throw,
 *     so that listener is never started.</li>
 * <li><b>Listeners already started</b> when the application deploys (only when the listener is enabled at boot,
 *     as the Arquillian tests do): installed into the running chain; requests the listener took before that were
 *     answered by Payara without the application anyway.</li>
 * </ul>
 *
 * <p><b>Opening.</b> When {@value #LISTENER} is disabled in the config (as {@code payara/preboot.asadmin} leaves
 * it, so that a booting node refuses connections instead of answering 404s), this class enables it once Payara
 * reports this application started ({@code Deployment.APPLICATION_STARTED}), on a thread of its own (the config
 * transaction waits for Payara's listener restart, which must not run under the deploying thread). Before, it
 * checks that the hook will be used for that listener (comet support on for its protocol, the hook what HK2
 * returns for the name); after, that the started listener's filters carry the probes, else it disables the
 * listener again. Every failure is logged at SEVERE and leaves the listener closed: the node then refuses
 * connections, which Swift handles as a node that is down. If the application never starts (a failed
 * deployment), the listener is never opened.
 *
 * <p>Not annotated: {@code io.swiftnode.http.LazyContinueListener} (Jakarta-only) instantiates it by name and
 * forwards its events, so that no container links this class unless Payara's classes are there (see the
 * package comment). {@link #contextInitialized} throws {@link IllegalStateException} when nothing could be
 * installed (and leaves nothing half-installed); a missing Payara class surfaces as a {@link LinkageError}.
 *
 * <p>Listeners are global to the server, so the probe acts on requests of every application under this
 * deployment's context path (all of them with the root context, as {@code payara/run.sh} deploys it).
 *
 * <p>Thread-safety: the container calls the two {@code ServletContextListener} methods once each, in order;
 * the hook runs on Payara's config threads and the opening on a thread of its own; all state is guarded by
 * this object's monitor, which is never held while waiting for Payara.
 */
public final class LazyContinueInstaller implements ServletContextListener {
    /** Payara Micro's HTTP listener, which {@code payara/preboot.asadmin} creates disabled. */
    static final String LISTENER = "http-listener";
    /** The HK2 name under which Grizzly-config looks up its comet add-on while building a listener. */
    static final String HOOK_NAME = "comet";
    /** Above the default rank 0 of Payara's {@code CometAddOnProvider}: HK2 returns the best-ranked service. */
    private static final int HOOK_RANK = 1_000_000;

    private static final Logger LOG = Logger.getLogger(LazyContinueInstaller.class.getName());
    private static final String GRIZZLY_SERVICE = "com.sun.enterprise.v3.services.impl.GrizzlyService";

    private final List<HttpServerFilter> probed = new ArrayList<>();
    private final Map<org.glassfish.grizzly.http.HttpServerFilter, ExpectAwareChunkedEncoding> wrapped =
            new IdentityHashMap<>();
    private LazyContinueProbe probe;
    private RawPathProbe rawPathProbe;
    private HeaderLimitsProbe headerLimitsProbe;
    private TrailingSpaceProbe trailingSpaceProbe;
    private ResponseOctetsProbe octetsProbe;
    private ClientTimeoutProbe timeoutProbe;
    private final List<HalfCloseTransportFilter> halfClose = new ArrayList<>();
    private ServiceLocator locator;
    private Object grizzlyService;
    private Method lookupNetworkProxy;
    private ActiveDescriptor<?> hookDescriptor;
    private Events events;
    private EventListener opener;
    private ClassLoader applicationLoader;
    private boolean destroyed;

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        synchronized (this) {
            probe = new LazyContinueProbe(sce.getServletContext().getContextPath());
            rawPathProbe = RawPathProbe.of(sce.getServletContext());
            headerLimitsProbe = new HeaderLimitsProbe(sce.getServletContext().getContextPath());
            trailingSpaceProbe = new TrailingSpaceProbe(sce.getServletContext().getContextPath());
            octetsProbe = new ResponseOctetsProbe(sce.getServletContext().getContextPath());
            timeoutProbe = ClientTimeoutProbe.forNode(sce.getServletContext().getContextPath());
            applicationLoader = sce.getServletContext().getClassLoader();
        }
        try {
            findGrizzly();
            registerHook();
            int running = installOnStartedListeners();
            NetworkListener closed = closedListener();
            if (closed != null) {
                checkHookApplies(closed);
                registerOpener();
                LOG.info("lazy 100-continue and raw request paths will be installed when listener " + LISTENER
                        + " is created; it opens once the application has started");
            } else if (running == 0) {
                throw new IllegalStateException("lazy 100-continue: no started Grizzly HTTP listener found, and no "
                        + "disabled listener " + LISTENER + " to open");
            }
        } catch (RuntimeException | Error e) {
            uninstall();
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        uninstall();
    }

    private void findGrizzly() {
        ServiceLocator serviceLocator = Globals.getDefaultHabitat();
        if (serviceLocator == null) {
            throw new IllegalStateException("lazy 100-continue: no HK2 service locator (Globals)");
        }
        // GrizzlyService is used reflectively only to keep its many supertypes off the compile classpath.
        Object service;
        Method lookup;
        try {
            Class<?> type = Class.forName(GRIZZLY_SERVICE, false, NetworkProxy.class.getClassLoader());
            service = serviceLocator.getService(type);
            lookup = type.getMethod("lookupNetworkProxy", NetworkListener.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lazy 100-continue: " + GRIZZLY_SERVICE + " not usable", e);
        }
        if (service == null) {
            throw new IllegalStateException("lazy 100-continue: no " + GRIZZLY_SERVICE + " service");
        }
        synchronized (this) {
            locator = serviceLocator;
            grizzlyService = service;
            lookupNetworkProxy = lookup;
        }
    }

    /** Registers {@link Hook} in HK2 in front of the add-on it hands the builder on to. */
    private void registerHook() {
        AddOn previous = locator.getService(AddOn.class, HOOK_NAME);
        AbstractActiveDescriptor<AddOn> descriptor =
                BuilderHelper.createConstantDescriptor(new Hook(previous), HOOK_NAME, AddOn.class);
        descriptor.setRanking(HOOK_RANK);
        ActiveDescriptor<?> added = ServiceLocatorUtilities.addOneDescriptor(locator, descriptor);
        synchronized (this) {
            hookDescriptor = added;
        }
    }

    /** The {@code AddOn} through which every listener created from now on gets the probes. */
    private final class Hook implements AddOn {
        private final AddOn next;

        Hook(AddOn next) {
            this.next = next;
        }

        @Override
        public void setup(org.glassfish.grizzly.http.server.NetworkListener listener, FilterChainBuilder builder) {
            int web = builder.indexOfType(HttpServerFilter.class);
            int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
            if (web < 0 || codec < 0) {
                // thrown out of GenericGrizzlyListener.configure: GrizzlyService never starts this listener
                LOG.severe("lazy 100-continue: the filter chain of a new HTTP listener has no HTTP filters; "
                        + "the listener is not started");
                throw new IllegalStateException("lazy 100-continue: no HTTP filters in the listener's chain");
            }
            if (!install((HttpServerFilter) builder.get(web),
                    (org.glassfish.grizzly.http.HttpServerFilter) builder.get(codec))) {
                throw new IllegalStateException("lazy 100-continue: undeployed; the listener is not started");
            }
            installHalfClose(HalfCloseTransportFilter.install(builder));
            if (next != null) {
                next.setup(listener, builder);
            }
        }
    }

    /** Installs into the chains of listeners that are already running; returns how many server filters. */
    private int installOnStartedListeners() {
        int count = 0;
        for (NetworkListener config : locator.getAllServices(NetworkListener.class)) {
            GenericGrizzlyListener listener = runningListener(config);
            if (listener == null) {
                continue;
            }
            List<org.glassfish.grizzly.http.HttpServerFilter> codecs =
                    listener.getFilters(org.glassfish.grizzly.http.HttpServerFilter.class);
            installHalfClose(HalfCloseTransportFilter.install(listener.getTransport()));
            for (HttpServerFilter filter : listener.getFilters(HttpServerFilter.class)) {
                boolean fresh = !isProbed(filter);      // the same listener can be reached through several beans
                for (org.glassfish.grizzly.http.HttpServerFilter codec : codecs) {
                    install(filter, codec);
                }
                count++;
                if (fresh) {
                    LOG.info("lazy 100-continue and raw request paths installed on listener " + config.getName()
                            + " port " + listener.getPort());
                }
            }
        }
        return count;
    }

    /** The Grizzly listener GrizzlyService runs for this config, or null. */
    private GenericGrizzlyListener runningListener(NetworkListener config) {
        NetworkProxy proxy;
        try {
            proxy = (NetworkProxy) lookupNetworkProxy.invoke(grizzlyService, config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lazy 100-continue: lookupNetworkProxy failed", e);
        }
        return proxy instanceof GrizzlyProxy grizzlyProxy
                && grizzlyProxy.getUnderlyingListener() instanceof GenericGrizzlyListener listener ? listener : null;
    }

    private synchronized boolean isProbed(HttpServerFilter filter) {
        return probed.stream().anyMatch(f -> f == filter);
    }

    /**
     * Adds the probes to a server filter and wraps the chunked encoding of a codec, each once. Returns false
     * (and installs nothing) once the application is undeployed.
     */
    private synchronized boolean install(HttpServerFilter filter, org.glassfish.grizzly.http.HttpServerFilter codec) {
        if (destroyed) {
            return false;
        }
        if (!isProbed(filter)) {
            // the raw path first: the lazy probe then sees the request URI the container will map
            filter.getMonitoringConfig()
                    .addProbes(rawPathProbe, headerLimitsProbe, trailingSpaceProbe, probe, octetsProbe,
                            timeoutProbe);
            probed.add(filter);
        }
        if (!wrapped.containsKey(codec)) {
            for (TransferEncoding encoding : codec.getTransferEncodings()) {
                if (encoding instanceof ChunkedTransferEncoding) {
                    ExpectAwareChunkedEncoding wrapper = new ExpectAwareChunkedEncoding(encoding);
                    wrapped.put(codec, wrapper);
                    codec.addTransferEncoding(wrapper);       // add first: no moment without chunked decoding
                    codec.removeTransferEncoding(encoding);
                    break;
                }
            }
        }
        return true;
    }

    /** Remembers a transport filter put into a chain (null: none), to be taken out on undeploy. */
    private synchronized void installHalfClose(HalfCloseTransportFilter filter) {
        if (filter != null && halfClose.stream().noneMatch(f -> f == filter)) {
            halfClose.add(filter);
        }
    }

    /** The config of {@value #LISTENER} if it is disabled (to be opened by this class), else null. */
    private NetworkListener closedListener() {
        for (NetworkListener config : locator.getAllServices(NetworkListener.class)) {
            if (LISTENER.equals(config.getName()) && !Boolean.parseBoolean(config.getEnabled())) {
                return config;
            }
        }
        return null;
    }

    /** Fails unless building the listener's chain will call the hook: comet support on, the hook HK2's choice. */
    private void checkHookApplies(NetworkListener config) {
        Protocol protocol = config.findHttpProtocol();
        Http http = protocol == null ? null : protocol.getHttp();
        if (http == null || !Boolean.parseBoolean(http.getCometSupportEnabled())) {
            throw new IllegalStateException("lazy 100-continue: comet-support-enabled is not true for listener "
                    + LISTENER + " (payara/preboot.asadmin sets it: the glue is installed through it)");
        }
        ServiceLocator habitat = habitatOf(grizzlyService);
        AddOn chosen = habitat.getService(AddOn.class, HOOK_NAME);
        if (!(chosen instanceof Hook)) {
            throw new IllegalStateException("lazy 100-continue: HK2 returns " + chosen + " for add-on "
                    + HOOK_NAME + ", not the glue's hook");
        }
    }

    private ServiceLocator habitatOf(Object service) {
        try {
            return (ServiceLocator) service.getClass().getMethod("getHabitat").invoke(service);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lazy 100-continue: GrizzlyService.getHabitat failed", e);
        }
    }

    /** Opens {@value #LISTENER} when Payara reports this application started. */
    private void registerOpener() {
        Events eventService = locator.getService(Events.class);
        if (eventService == null) {
            throw new IllegalStateException("lazy 100-continue: no " + Events.class.getName() + " service");
        }
        EventListener listener = event -> {
            if (event.is(Deployment.APPLICATION_STARTED) && event.hook() instanceof ApplicationInfo info
                    && isThisApplication(info)) {
                Thread thread = new Thread(this::open, "swiftnode-open-" + LISTENER);
                thread.setDaemon(true);
                thread.start();
            }
        };
        synchronized (this) {
            events = eventService;
            opener = listener;
        }
        eventService.register(listener);
    }

    private synchronized boolean isThisApplication(ApplicationInfo info) {
        return applicationLoader != null && info.getAppClassLoader() == applicationLoader;
    }

    /** Enables {@value #LISTENER} and checks that the listener Payara started carries the probes. */
    private void open() {
        NetworkListener config;
        synchronized (this) {
            if (destroyed) {
                return;
            }
            config = closedListener();
        }
        if (config == null) {
            LOG.info("listener " + LISTENER + " is already enabled");
            return;
        }
        try {
            checkHookApplies(config);
            // returns once Payara's config listener has (re)created the listener, i.e. after the hook ran
            ConfigSupport.apply(listener -> {
                listener.setEnabled("true");
                return null;
            }, config);
        } catch (TransactionFailure | RuntimeException e) {
            LOG.log(Level.SEVERE, "lazy 100-continue: listener " + LISTENER + " could not be opened and stays "
                    + "closed (connection refused)", e);
            return;
        }
        GenericGrizzlyListener listener = runningListener(config);
        if (listener == null) {
            LOG.severe("listener " + LISTENER + " was enabled but is not running (see the errors above): the node "
                    + "refuses connections");
            return;
        }
        String missing = missingGlue(listener);
        if (missing != null) {
            LOG.severe("listener " + LISTENER + " started without the Payara glue (" + missing + "); closing it "
                    + "again: the node refuses connections");
            close(config);
            return;
        }
        LOG.info("listener " + LISTENER + " opened on " + listener.getAddress() + ":" + listener.getPort()
                + " with lazy 100-continue, raw request paths and chunked+Expect dispatch");
    }

    /** What of the glue a running listener lacks, or null. */
    private synchronized String missingGlue(GenericGrizzlyListener listener) {
        List<HttpServerFilter> filters = listener.getFilters(HttpServerFilter.class);
        if (filters.isEmpty()) {
            return "no HTTP server filter";
        }
        for (HttpServerFilter filter : filters) {
            if (!isProbed(filter)
                    || !Arrays.asList(filter.getMonitoringConfig().getProbes()).contains(probe)) {
                return "probes missing";
            }
        }
        for (org.glassfish.grizzly.http.HttpServerFilter codec
                : listener.getFilters(org.glassfish.grizzly.http.HttpServerFilter.class)) {
            for (TransferEncoding encoding : codec.getTransferEncodings()) {
                if (encoding instanceof ChunkedTransferEncoding) {
                    return "chunked encoding not wrapped";
                }
            }
        }
        return null;
    }

    private void close(NetworkListener config) {
        try {
            ConfigSupport.apply(listener -> {
                listener.setEnabled("false");
                return null;
            }, config);
        } catch (TransactionFailure | RuntimeException e) {
            LOG.log(Level.SEVERE, "listener " + LISTENER + " could not be closed again", e);
        }
    }

    /** Puts Grizzly's transport filters back into the chains of the running listeners. */
    private void uninstallHalfClose() {
        List<HalfCloseTransportFilter> filters;
        ServiceLocator serviceLocator;
        synchronized (this) {
            filters = List.copyOf(halfClose);
            halfClose.clear();
            serviceLocator = lookupNetworkProxy == null ? null : locator;
        }
        if (filters.isEmpty() || serviceLocator == null) {
            return;
        }
        try {
            for (NetworkListener config : serviceLocator.getAllServices(NetworkListener.class)) {
                GenericGrizzlyListener running = runningListener(config);
                if (running != null) {
                    filters.forEach(filter -> filter.uninstall(running.getTransport()));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "half-close transport filter not removed from every listener", e);
        }
    }

    private void uninstall() {
        Events eventService;
        EventListener listener;
        ActiveDescriptor<?> descriptor;
        ServiceLocator serviceLocator;
        synchronized (this) {
            destroyed = true;
            eventService = events;
            listener = opener;
            descriptor = hookDescriptor;
            serviceLocator = locator;
            events = null;
            opener = null;
            hookDescriptor = null;
            probed.forEach(filter -> filter.getMonitoringConfig()
                    .removeProbes(rawPathProbe, headerLimitsProbe, trailingSpaceProbe, probe, octetsProbe,
                            timeoutProbe));
            probed.clear();
            wrapped.forEach((codec, wrapper) -> {
                codec.addTransferEncoding(wrapper.delegate());
                codec.removeTransferEncoding(wrapper);
            });
            wrapped.clear();
        }
        if (eventService != null) {
            eventService.unregister(listener);
        }
        uninstallHalfClose();
        if (descriptor != null) {
            ServiceLocatorUtilities.removeOneDescriptor(serviceLocator, descriptor);
        }
    }
}
