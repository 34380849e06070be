package io.swiftnode.http;

import io.swiftnode.config.ConfigValues;
import io.swiftnode.disk.Timestamp;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Expiring-object queue updates (object-server-http.md §9, Swift's {@code delete_at_update}):
 * an object with {@code X-Delete-At} is listed in the queue account
 * ({@code .expiring_objects}) under container {@link #expirerContainer} as
 * {@link #taskObject}, so that the object expirer finds it.
 *
 * <ul>
 * <li>A <b>PUT</b> entry (a new {@code X-Delete-At} on PUT or POST) is sent, one target after
 * the other in the caller's thread, to the {@code X-Delete-At-Host}/{@code -Device} pairs
 * with {@code X-Delete-At-Partition}; pairs with an empty member are dropped, and with none left
 * (or no partition) the entry goes straight to an async pending. No
 * {@code X-Delete-At-Host} header at all: nothing (other object servers send it).</li>
 * <li>A <b>DELETE</b> entry (the old value of a changed or removed {@code X-Delete-At}, or a
 * DELETE of an object that had one) is never sent: it goes straight to an async pending, and
 * only if {@code X-Backend-Clean-Expiring-Object-Queue} is true (the default).</li>
 * <li>Nothing at all for requests with {@code X-Backend-Replication: true}.</li>
 * </ul>
 * The entries carry {@code X-Backend-Storage-Policy-Index: 0} (system accounts are policy 0)
 * but their async pendings go to the object's policy's async dir, as in Swift.
 *
 * <p>Obtain it from {@link ContainerUpdates#expirerQueue()}. Thread-safe: immutable, and the
 * sender and disk it uses are thread-safe.
 */
public final class ExpirerQueue {

    /** MD5 of nothing: the queue entry's {@code X-Etag}. */
    public static final String EMPTY_ETAG = "d41d8cd98f00b204e9800998ecf8427e";

    private static final Logger LOG = Logger.getLogger(ExpirerQueue.class.getName());
    private static final double MAX_DELETE_AT = 9999999999.99999;
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private final ContainerUpdates updates;
    private final String account;
    private final long divisor;

    ExpirerQueue(ContainerUpdates updates, String account, long divisor) {
        this.updates = Objects.requireNonNull(updates, "updates");
        this.account = Objects.requireNonNull(account, "account");
        this.divisor = divisor;
    }

    /** The queue account, e.g. {@code .expiring_objects}. */
    public String account() {
        return account;
    }

    /**
     * Swift's {@code normalize_delete_at_timestamp}: {@code %010d} of the value clamped to
     * [0, 9999999999.99999] (NaN counts as 0).
     */
    public static String normalizeDeleteAt(double deleteAt) {
        double v = Double.isNaN(deleteAt) ? 0 : Math.min(Math.max(0, deleteAt), MAX_DELETE_AT);
        return String.format("%010d", (long) v);
    }

    /**
     * The queue container of an object (Swift's {@code get_expirer_container}):
     * {@code %010d} of {@code delete_at // divisor * divisor - int(hash_path(a, c, o), 16) % 100},
     * e.g. {@code 1899935901} for {@code a/c/o2} at 1900000000 with prefix and suffix
     * {@code changeme}.
     */
    public String expirerContainer(long deleteAt, String acc, String cont, String obj) {
        long d = Long.parseLong(normalizeDeleteAt(deleteAt));
        int shard = new BigInteger(updates.disk().hash(acc, cont, obj), 16).mod(HUNDRED).intValue();
        return normalizeDeleteAt((double) (Math.floorDiv(d, divisor) * divisor - shard));
    }

    /** The queue entry's name (Swift's {@code build_task_obj}): {@code <%010d delete_at>-<a>/<c>/<o>}. */
    public static String taskObject(long deleteAt, String acc, String cont, String obj) {
        return normalizeDeleteAt(deleteAt) + "-" + acc + "/" + cont + "/" + obj;
    }

    /**
     * Queue changes after a PUT or POST that wrote new metadata (§5.6, §7.1 step 8): when the
     * object's {@code X-Delete-At} changed, a PUT entry for the new value (if any), then a
     * DELETE entry for the old one (if any). {@code 0} means "none".
     *
     * @return the async pendings written, in order
     * @throws IOException if saving an async pending failed (Swift answers 500)
     */
    public List<Path> deleteAtChanged(long oldDeleteAt, long newDeleteAt, String acc, String cont, String obj,
            Function<String, String> requestHeaders, Timestamp requestTimestamp, String referer, String device,
            int policy) throws IOException {
        List<Path> written = new ArrayList<>();
        if (oldDeleteAt != newDeleteAt) {
            if (newDeleteAt != 0) {
                update("PUT", newDeleteAt, acc, cont, obj, requestHeaders, requestTimestamp, referer, device, policy)
                        .ifPresent(written::add);
            }
            if (oldDeleteAt != 0) {
                update("DELETE", oldDeleteAt, acc, cont, obj, requestHeaders, requestTimestamp, referer, device,
                        policy).ifPresent(written::add);
            }
        }
        return written;
    }

    /**
     * One queue update. Request headers read: {@code X-Backend-Replication},
     * {@code X-Backend-Clean-Expiring-Object-Queue} (DELETE), {@code X-Delete-At-Host},
     * {@code -Device}, {@code -Partition}, {@code -Container} (PUT; the container is computed
     * with a warning when absent), {@code X-Trans-Id}. Headers sent and saved:
     * {@code X-Backend-Storage-Policy-Index: 0}, {@code X-Timestamp}, {@code X-Trans-Id},
     * {@code Referer}, for PUT {@code X-Size: 0}, {@code X-Content-Type: text/plain},
     * {@code X-Etag: d41d8…}, then {@code User-Agent}.
     *
     * @param op               {@code PUT} (add an entry) or {@code DELETE} (remove one)
     * @param deleteAt         the delete-at time of the entry, whole seconds
     * @param requestHeaders   the object request's headers by case-insensitive name
     * @param requestTimestamp the object request's {@code X-Timestamp}
     * @param referer          {@code <METHOD> <request URL>}
     * @param device           the object's device
     * @param policy           the object's storage policy index (async dir)
     * @return the async pending written, if any
     * @throws IOException if saving the async pending failed
     * @throws NumberFormatException if {@code X-Delete-At-Container} is not a number (Swift
     *     fails the request with 500)
     */
    public Optional<Path> update(String op, long deleteAt, String acc, String cont, String obj,
            Function<String, String> requestHeaders, Timestamp requestTimestamp, String referer, String device,
            int policy) throws IOException {
        ContainerUpdates.checkOp(op);
        if (ContainerUpdates.configTrue(orDefault(requestHeaders.apply("X-Backend-Replication"), "f"))) {
            return Optional.empty();
        }
        String txn = requestHeaders.apply("X-Trans-Id");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Backend-Storage-Policy-Index", "0");
        headers.put("X-Timestamp", requestTimestamp.internal());
        headers.put("X-Trans-Id", txn == null ? "-" : txn);
        headers.put("Referer", referer);
        String partition = null;
        List<String[]> targets = new ArrayList<>();
        String queueContainer;
        if (op.equals("PUT")) {
            String hosts = requestHeaders.apply("X-Delete-At-Host");
            if (hosts == null) {
                return Optional.empty();
            }
            queueContainer = requestHeaders.apply("X-Delete-At-Container");
            if (queueContainer == null || queueContainer.isEmpty()) {
                LOG.warning(() -> ContainerUpdates.withTxn("X-Delete-At-Container header must be specified for "
                        + "expiring objects background PUT to work properly. Making best guess as to the container "
                        + "name for now.", txn));
                queueContainer = expirerContainer(deleteAt, acc, cont, obj);
            }
            partition = requestHeaders.apply("X-Delete-At-Partition");
            String[] hostList = hosts.split(",", -1);
            String[] deviceList = orDefault(requestHeaders.apply("X-Delete-At-Device"), "").split(",", -1);
            for (int i = 0; i < Math.min(hostList.length, deviceList.length); i++) {
                String h = hostList[i].strip();
                String d = deviceList[i].strip();
                if (!h.isEmpty() && !d.isEmpty() && partition != null && !partition.isEmpty()) {
                    targets.add(new String[] {h, d});
                }
            }
            headers.put("X-Size", "0");
            headers.put("X-Content-Type", "text/plain");
            headers.put("X-Etag", EMPTY_ETAG);
        } else {
            if (!ContainerUpdates.configTrue(
                    orDefault(requestHeaders.apply("X-Backend-Clean-Expiring-Object-Queue"), "t"))) {
                return Optional.empty();
            }
            queueContainer = expirerContainer(deleteAt, acc, cont, obj);
        }
        if (targets.isEmpty()) {
            targets.add(new String[] {null, null});
        }
        queueContainer = normalizeDeleteAt(ConfigValues.pyFloat(queueContainer));
        headers.put("User-Agent", updates.userAgent());
        ContainerUpdates.Operation operation = updates.operation(op, account, queueContainer,
                taskObject(deleteAt, acc, cont, obj), headers, device, policy, txn);
        Optional<Path> written = Optional.empty();
        for (String[] t : targets) {
            Optional<Path> p = updates.asyncUpdate(operation, t[0], partition, t[1]);
            if (p.isPresent()) {
                written = p;
            }
        }
        return written;
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }
}
