package io.swiftnode.http;

import io.swiftnode.backend.HeaderNames;
import io.swiftnode.backend.Quoting;
import io.swiftnode.backend.RedirectData;
import io.swiftnode.backend.UpdateSender;
import io.swiftnode.config.ConfigValues;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container updates an object server sends after a PUT, POST or DELETE
 * (object-server-http.md §8), and the home of the expiring-object queue updates
 * ({@link #expirerQueue()}, §9): each container node named by the proxy is told about the
 * object; whatever cannot be delivered is saved as an async pending
 * (object-disk-format.md §11) for the object updater, which the updater needs to keep
 * container listings right (object-daemons.md §3.5).
 *
 * <p>{@link #containerUpdate} contacts every target concurrently on a small shared pool, waits
 * at most {@code container_update_timeout} and returns; updates still running carry on in the
 * background and may still write the async pending afterwards. All failures of one operation
 * write the same file ({@code <hash>-<timestamp>}): writes of one operation are serialized and
 * each is an atomic rename, so the file is never torn and the last failure's content stands, as
 * in Swift.
 *
 * <p>The pool is bounded ({@link Settings#maxThreads()} named daemon threads, no queue): when
 * every thread is busy an update is not attempted at all but saved as an async pending at once,
 * so a stalled container tier can neither pile up threads nor delay the pending beyond
 * {@code conn_timeout + node_timeout}. It is a plain pool rather than the container's managed
 * executor because its tasks need no application context (sockets and files only) and must not
 * compete with the background daemons for threads.
 *
 * <p>The API takes plain values the servlet layer extracts (request headers through a
 * case-insensitive lookup such as {@code HttpServletRequest::getHeader}); header values are
 * octet strings (one char per byte, as servlet containers decode them), names of accounts,
 * containers and objects are text.
 *
 * <p>Deliberate difference from Swift 2.30.1: a container host without {@code :} makes Swift's
 * own error logging fail, so it answers 500 and saves nothing; here that target fails like an
 * unreachable one and the update is saved as an async pending.
 *
 * <p>Thread-safe: the configuration is immutable, the pool and {@link DiskFileManager} are
 * thread-safe, and per-operation state is guarded by that operation's lock.
 */
@ApplicationScoped
public class ContainerUpdates {

    /** The historical override prefix (still used by EC PUTs); the lower priority one. */
    public static final String BACKEND_OVERRIDE_PREFIX = "x-backend-container-update-override-";
    /** The override prefix proxy middlewares use; wins over {@link #BACKEND_OVERRIDE_PREFIX}. */
    public static final String SYSMETA_OVERRIDE_PREFIX = "x-object-sysmeta-container-update-override-";

    private static final Logger LOG = Logger.getLogger(ContainerUpdates.class.getName());
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /**
     * What the updates are configured by. Times are seconds.
     *
     * @param connTimeout                     {@code conn_timeout} (0.5): connect and send
     * @param nodeTimeout                     {@code node_timeout} (3): receive the answer
     * @param containerUpdateTimeout          {@code container_update_timeout} (1): how long the
     *                                        object request waits for its container updates
     * @param expiringObjectsAccount          the queue account ({@code .expiring_objects})
     * @param expiringObjectsContainerDivisor {@code expiring_objects_container_divisor} (86400)
     * @param maxThreads                      upper bound of concurrently running container updates
     */
    public record Settings(double connTimeout, double nodeTimeout, double containerUpdateTimeout,
            String expiringObjectsAccount, long expiringObjectsContainerDivisor, int maxThreads) {

        /** Default bound of the update pool. */
        public static final int DEFAULT_MAX_THREADS = 32;

        public Settings {
            Objects.requireNonNull(expiringObjectsAccount, "expiringObjectsAccount");
            if (!(containerUpdateTimeout >= 0) || Double.isInfinite(containerUpdateTimeout)) {
                throw new IllegalArgumentException("container_update_timeout must be >= 0: " + containerUpdateTimeout);
            }
            if (maxThreads < 1) {
                throw new IllegalArgumentException("maxThreads must be positive: " + maxThreads);
            }
        }

        /** Swift's defaults. */
        public static Settings defaults() {
            return new Settings(0.5, 3, 1, ".expiring_objects", 86400, DEFAULT_MAX_THREADS);
        }

        /**
         * From the node's config: {@code [app:object-server]} timeouts and queue options, the
         * account prefix of the app (deprecated option) or else of swift.conf's constraints.
         */
        public static Settings of(ServerConfig server, SwiftConf swift) {
            var o = server.objectServer();
            return new Settings(o.connTimeout(), o.nodeTimeout(), o.containerUpdateTimeout(),
                    o.expiringObjectsAccount(swift.constraints().autoCreateAccountPrefix()),
                    o.expiringObjectsContainerDivisor(), DEFAULT_MAX_THREADS);
        }
    }

    /**
     * What {@link #containerUpdate} did.
     *
     * @param targets        container nodes the update was meant for (0: skipped, nothing saved)
     * @param finishedInTime whether every target finished before {@code container_update_timeout}
     * @param completion     completes when every target has finished: with the async pending
     *                       file written (the last write of this operation) or empty when none
     *                       was needed; exceptionally if saving an async pending failed
     */
    public record Result(int targets, boolean finishedInTime, CompletableFuture<Optional<Path>> completion) {
    }

    private final DiskFileManager disk;
    private final Settings settings;
    private final UpdateSender sender;
    private final ThreadPoolExecutor pool;
    private final ExpirerQueue expirerQueue;
    private final String userAgent;

    /** For CDI's client proxy only. */
    protected ContainerUpdates() {
        this.disk = null;
        this.settings = null;
        this.sender = null;
        this.pool = null;
        this.expirerQueue = null;
        this.userAgent = null;
    }

    /** The application's bean: timeouts and queue options from the node's config. */
    @Inject
    public ContainerUpdates(DiskFileManager disk, ServerConfig server, SwiftConf swift) {
        this(disk, Settings.of(server, swift));
    }

    /** Updates writing async pendings through {@code disk}, configured by {@code settings}. */
    public ContainerUpdates(DiskFileManager disk, Settings settings) {
        this.disk = Objects.requireNonNull(disk, "disk");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sender = new UpdateSender(settings.connTimeout(), settings.nodeTimeout());
        this.userAgent = "object-server " + ProcessHandle.current().pid();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "swift-container-update-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(settings.maxThreads(), settings.maxThreads(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
        this.expirerQueue = new ExpirerQueue(this, settings.expiringObjectsAccount(),
                settings.expiringObjectsContainerDivisor());
    }

    /** The configuration in use. */
    public Settings settings() {
        return settings;
    }

    /** Expiring-object queue updates (§9), sharing this bean's sender and disk. */
    public ExpirerQueue expirerQueue() {
        return expirerQueue;
    }

    /**
     * Stops taking updates and gives the running ones {@code conn_timeout + node_timeout} to
     * finish (and save their async pendings). Later calls save async pendings directly.
     */
    @PreDestroy
    public void shutdown() {
        pool.shutdown();
        try {
            long wait = (long) ((settings.connTimeout() + settings.nodeTimeout()) * 1000) + 1000;
            if (!pool.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
                LOG.warning("Container updates still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- container updates (§8) ------------------------------------------------------------

    /**
     * Sends the container update of an object operation to the container nodes the proxy named,
     * exactly as Swift's {@code container_update}: nothing at all when
     * {@code X-Container-Partition} is empty or the host and device lists differ in length
     * (logged); otherwise each {@code (host, device)} pair is updated concurrently (a pair with
     * an empty member, e.g. no {@code X-Container-Host} at all, goes straight to an async
     * pending). The request carries {@code updateHeaders} (title-cased, in order), then
     * {@code X-Trans-Id} (the request's or {@code -}), {@code Referer},
     * {@code X-Backend-Storage-Policy-Index} and {@code User-Agent: object-server <pid>}.
     * The async pending is named by {@code X-Meta-Timestamp} if the update has one, else
     * {@code X-Timestamp}.
     *
     * <p>Request headers read: {@code X-Container-Host}, {@code X-Container-Device},
     * {@code X-Container-Partition}, {@code X-Backend-Quoted-Container-Path} (percent-decoded)
     * or {@code X-Backend-Container-Path} (a shard {@code account/container} to update instead;
     * not of that form → logged, root used), {@code X-Trans-Id}.
     *
     * @param op             {@code PUT} (object PUT and POST) or {@code DELETE}
     * @param account        the object's account
     * @param container      the object's container
     * @param obj            the object's name
     * @param requestHeaders the object request's headers by case-insensitive name (null if absent)
     * @param referer        {@code <METHOD> <request URL>}, see {@link #referer}
     * @param updateHeaders  {@code X-Size}, {@code X-Content-Type}, {@code X-Timestamp},
     *                       {@code X-Etag}, … with overrides applied ({@link #withOverrides})
     * @param device         the object's device (its async pending dir holds the pending)
     * @param policy         the object's storage policy index
     * @return the targets and whether they finished in time
     * @throws IOException if, before the wait ended, saving an async pending failed (Swift
     *     answers the object request 500 then)
     */
    public Result containerUpdate(String op, String account, String container, String obj,
            Function<String, String> requestHeaders, String referer, Map<String, String> updateHeaders, String device,
            int policy) throws IOException {
        checkOp(op);
        String hostsHeader = orEmpty(requestHeaders.apply("X-Container-Host"));
        String devicesHeader = orEmpty(requestHeaders.apply("X-Container-Device"));
        String partition = orEmpty(requestHeaders.apply("X-Container-Partition"));
        List<String> hosts = splitStrip(hostsHeader);
        List<String> devices = splitStrip(devicesHeader);
        String txn = requestHeaders.apply("X-Trans-Id");
        if (hosts.size() != devices.size()) {
            LOG.severe(() -> withTxn("ERROR Container update failed: different numbers of hosts and devices in "
                    + "request: \"" + hostsHeader + "\" vs \"" + devicesHeader + "\"", txn));
            return skipped();
        }
        String contPath = requestHeaders.apply("X-Backend-Quoted-Container-Path");
        if (contPath != null && !contPath.isEmpty()) {
            contPath = Quoting.unquote(contPath);
        } else {
            contPath = requestHeaders.apply("X-Backend-Container-Path");
        }
        if (contPath != null && !contPath.isEmpty() && !isAccountContainer(contPath)) {
            String bad = contPath;
            LOG.severe(() -> withTxn("Invalid X-Backend-Container-Path, should be of the form 'account/container' "
                    + "but got " + pyRepr(bad) + ".", txn));
            contPath = null;
        }
        if (contPath != null && contPath.isEmpty()) {
            contPath = null;
        }
        if (partition.isEmpty()) {
            return skipped();
        }

        Map<String, String> headers = headerKeyDict(updateHeaders);
        put(headers, "X-Trans-Id", txn == null ? "-" : txn);
        put(headers, "Referer", referer);
        put(headers, "X-Backend-Storage-Policy-Index", Integer.toString(policy));
        put(headers, "User-Agent", userAgent);
        Operation operation = new Operation(op, account, container, obj, headers, contPath, device, policy, txn);

        List<CompletableFuture<Optional<Path>>> futures = new ArrayList<>(hosts.size());
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            String contDevice = devices.get(i);
            CompletableFuture<Optional<Path>> f = new CompletableFuture<>();
            futures.add(f);
            try {
                pool.execute(() -> {
                    try {
                        f.complete(asyncUpdate(operation, host, partition, contDevice));
                    } catch (IOException | RuntimeException | Error e) {
                        logSaveFailure(operation, e);
                        f.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.warning(() -> withTxn("Container update pool busy; saving update to " + host + "/" + contDevice
                        + " for async update later", txn));
                try {
                    f.complete(Optional.of(operation.save(operation.containerPath)));
                } catch (IOException | RuntimeException ex) {
                    logSaveFailure(operation, ex);
                    f.completeExceptionally(ex);
                }
            }
        }
        CompletableFuture<Optional<Path>> completion = CompletableFuture
                .allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> operation.written());
        boolean inTime = awaitAll(futures, hosts, devices, txn);
        return new Result(futures.size(), inTime, completion);
    }

    private static Result skipped() {
        return new Result(0, true, CompletableFuture.completedFuture(Optional.empty()));
    }

    /** Waits for the futures in order up to {@code container_update_timeout}; rethrows a failure. */
    private boolean awaitAll(List<CompletableFuture<Optional<Path>>> futures, List<String> hosts,
            List<String> devices, String txn) throws IOException {
        long deadline = System.nanoTime() + (long) (settings.containerUpdateTimeout() * 1e9);
        for (CompletableFuture<Optional<Path>> f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.fine(() -> withTxn(String.format(Locale.ROOT, "Container update timeout (%.4fs) waiting for %s",
                        settings.containerUpdateTimeout(), pairs(hosts, devices)), txn));
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IOException(cause);
            }
        }
        return true;
    }

    private static String pairs(List<String> hosts, List<String> devices) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            p.add("('" + hosts.get(i) + "', '" + devices.get(i) + "')");
        }
        return p.toString();
    }

    private static void logSaveFailure(Operation op, Throwable e) {
        LOG.log(Level.SEVERE, e, () -> withTxn("ERROR saving async pending for " + op.op + " of /" + op.account + "/"
                + op.container + "/" + op.obj + " on " + op.device, op.txn));
    }

    /**
     * One target of an operation (Swift's {@code async_update}): sends the update if host,
     * partition and device are all given, and saves it as an async pending unless the node
     * answered 2xx; a 301 with a valid {@code Location} saves it for the redirect target.
     *
     * @return the async pending written, or empty when the node took the update
     */
    Optional<Path> asyncUpdate(Operation op, String host, String partition, String contDevice) throws IOException {
        String fullPath = op.containerPath != null ? "/" + op.containerPath + "/" + op.obj
                : "/" + op.account + "/" + op.container + "/" + op.obj;
        String redirect = null;
        if (!isEmpty(host) && !isEmpty(partition) && !isEmpty(contDevice)) {
            try {
                UpdateSender.Response r = sender.send(host, contDevice, partition, op.op, fullPath, op.headers);
                if (r.status() >= 200 && r.status() < 300) {
                    return Optional.empty();
                }
                if (r.status() == 301) {
                    try {
                        RedirectData data = RedirectData.of(r);
                        redirect = data == null ? null : data.path();
                    } catch (IllegalArgumentException e) {
                        LOG.severe(() -> withTxn("Container update failed for " + pyRepr(op.obj)
                                + "; problem with redirect location: " + e.getMessage(), op.txn));
                    }
                } else {
                    LOG.severe(() -> withTxn("ERROR Container update failed (saving for async update later): "
                            + r.status() + " response from " + host + "/" + contDevice, op.txn));
                }
            } catch (IOException e) {
                LOG.severe(() -> withTxn("ERROR container update failed with " + host + "/" + contDevice
                        + " (saving for async update later): " + e, op.txn));
            }
        }
        if (redirect != null) {
            String to = redirect;
            LOG.fine(() -> withTxn("Update to " + fullPath + " redirected to " + to, op.txn));
            return Optional.of(op.save(redirect));
        }
        return Optional.of(op.save(op.containerPath));
    }

    /** Swift's {@code split_path('/' + p, 2, 2)} succeeds: {@code a/c} or {@code a/c/}. */
    static boolean isAccountContainer(String p) {
        String[] segs = ("/" + p).split("/", -1);
        if (segs.length < 3 || segs.length > 4 || segs[1].isEmpty() || segs[2].isEmpty()) {
            return false;
        }
        return segs.length == 3 || segs[3].isEmpty();
    }

    // ---- the async pending of one operation -----------------------------------------------------

    /**
     * One object operation's update: its headers are fixed before any target is contacted, so
     * every failure saves the same file; saves are serialized on this object.
     */
    final class Operation {
        final String op;
        final String account;
        final String container;
        final String obj;
        final Map<String, String> headers;
        final String containerPath;
        final String device;
        final int policy;
        final String txn;
        private Path written;

        Operation(String op, String account, String container, String obj, Map<String, String> headers,
                String containerPath, String device, int policy, String txn) {
            this.op = op;
            this.account = account;
            this.container = container;
            this.obj = obj;
            this.headers = Collections.unmodifiableMap(headers);
            this.containerPath = containerPath;
            this.device = device;
            this.policy = policy;
            this.txn = txn;
        }

        /** Writes (or rewrites) this operation's async pending with the given container path. */
        synchronized Path save(String path) throws IOException {
            String ts = headers.get("X-Meta-Timestamp");
            if (ts == null) {
                ts = headers.get("X-Timestamp");
            }
            Timestamp timestamp;
            try {
                timestamp = Timestamp.parse(ts);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("container update has no valid X-Timestamp: " + ts, e);
            }
            AsyncUpdate update = new AsyncUpdate(op, account, container, obj, headers, path, null, null);
            written = disk.writeAsyncPending(device, update, timestamp, policy);
            return written;
        }

        synchronized Optional<Path> written() {
            return Optional.ofNullable(written);
        }
    }

    /** A new operation for the expirer queue (same saving rules). */
    Operation operation(String op, String account, String container, String obj, Map<String, String> headers,
            String device, int policy, String txn) {
        return new Operation(op, account, container, obj, headers, null, device, policy, txn);
    }

    String userAgent() {
        return userAgent;
    }

    DiskFileManager disk() {
        return disk;
    }

    // ---- header helpers -------------------------------------------------------------------------

    /**
     * Applies container-update overrides like Swift's {@code _check_container_override}: for
     * {@link #BACKEND_OVERRIDE_PREFIX} and then {@link #SYSMETA_OVERRIDE_PREFIX}, every key of
     * {@code metadata} and then of {@code footers} that starts with the prefix (case-insensitive)
     * sets {@code X-<rest>} (Swift replaces every occurrence of the prefix in the lower-cased
     * key). So sysmeta beats backend overrides, and footers beat metadata within each prefix.
     * On PUT pass the request headers and footers, on POST the stored metadata.
     *
     * @param updateHeaders the computed update headers
     * @param metadata      request headers or stored metadata
     * @param footers       MIME footers, or null
     * @return a new map with title-cased keys (Swift's {@code HeaderKeyDict}), in order
     */
    public static Map<String, String> withOverrides(Map<String, String> updateHeaders, Map<String, String> metadata,
            Map<String, String> footers) {
        Map<String, String> out = headerKeyDict(updateHeaders);
        for (String prefix : List.of(BACKEND_OVERRIDE_PREFIX, SYSMETA_OVERRIDE_PREFIX)) {
            for (Map<String, String> source : footers == null ? List.of(metadata) : List.of(metadata, footers)) {
                for (Map.Entry<String, String> e : source.entrySet()) {
                    String key = e.getKey().toLowerCase(Locale.ROOT);
                    if (key.startsWith(prefix)) {
                        put(out, key.replace(prefix, "x-"), e.getValue());
                    }
                }
            }
        }
        return out;
    }

    /**
     * A copy with Swift's {@code HeaderKeyDict} keys: title-cased, a later key equal after
     * title-casing replaces the earlier one's value in its place; null values drop the key.
     */
    public static Map<String, String> headerKeyDict(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            put(out, e.getKey(), e.getValue());
        }
        return out;
    }

    private static void put(Map<String, String> dict, String key, String value) {
        String k = title(key);
        if (value == null) {
            dict.remove(k);
        } else {
            dict.put(k, value);
        }
    }

    /**
     * Python 3's {@code bytes.title()} of a header name: an ASCII letter is upper-cased after a
     * non-letter and lower-cased after a letter ({@code x-md5x-etag} → {@code X-Md5X-Etag}).
     */
    public static String title(String key) {
        return HeaderNames.title(key);
    }

    /** {@code Referer} of an update: {@code <method> <url>} (swob's {@code as_referer}). */
    public static String referer(String method, String url) {
        return method + " " + url;
    }

    /**
     * swob's {@code Request.url}: {@code <scheme>://<host><quoted path>[?<query>]}, host from
     * {@code Host} or else {@code serverName:serverPort}, without {@code :80} for http and
     * {@code :443} for https; the path (the percent-decoded request path as an octet string) is
     * quoted as {@code wsgi_quote} does.
     *
     * @param scheme      {@code http} or {@code https}
     * @param hostHeader  the {@code Host} header, or null
     * @param serverName  the server's name, used without a {@code Host} header
     * @param serverPort  the server's port, used without a {@code Host} header
     * @param path        the decoded path, one char per octet
     * @param queryString the raw query string, or null
     * @throws IllegalArgumentException if the path holds a char above U+00FF
     */
    public static String requestUrl(String scheme, String hostHeader, String serverName, int serverPort, String path,
            String queryString) {
        String host = hostHeader != null ? hostHeader : serverName + ":" + serverPort;
        String s = scheme == null ? "http" : scheme;
        if ((s.equals("http") && host.endsWith(":80")) || (s.equals("https") && host.endsWith(":443"))) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        StringBuilder sb = new StringBuilder(s).append("://").append(host);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("path is not an octet string: " + path);
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~' || c == '/') {
                sb.append(c);
            } else {
                sb.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 0xf]);
            }
        }
        if (queryString != null && !queryString.isEmpty()) {
            sb.append('?').append(queryString);
        }
        return sb.toString();
    }

    /** Swift's {@code config_true_value} of a header value. */
    static boolean configTrue(String v) {
        return ConfigValues.configTrueValue(v);
    }

    static void checkOp(String op) {
        if (!"PUT".equals(op) && !"DELETE".equals(op)) {
            throw new IllegalArgumentException("update op must be PUT or DELETE: " + op);
        }
    }

    private static List<String> splitStrip(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",", -1)) {
            out.add(s.strip());
        }
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static String withTxn(String msg, String txn) {
        return txn == null ? msg : msg + " (txn: " + txn + ")";
    }

    /** Roughly Python's {@code %r} of a text string, for log lines. */
    static String pyRepr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
