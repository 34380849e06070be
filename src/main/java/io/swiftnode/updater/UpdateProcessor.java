package io.swiftnode.updater;

import io.swiftnode.backend.HeaderNames;
import io.swiftnode.backend.RedirectData;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one async pending (Swift's {@code process_object_update}, object-daemons.md §3.3): sends
 * it concurrently to every container node of its container not yet in {@code successes}; if every
 * contacted node answered 2xx the file is removed ({@code successes}, {@code unlinks}); else if
 * some node redirected to a shard, the newest redirect becomes {@code container_path} (or, when
 * that path was redirected to before, the update goes back to the root and the history is
 * cleared), earlier successes are forgotten and the update is retried once at once
 * ({@code redirects}); else ({@code failures}) the nodes that took it are added to
 * {@code successes}. The file is rewritten when the last attempt changed it, so a failing node is
 * retried in a later sweep and only that node.
 *
 * <p>As in Swift 2.30.1, a redirect whose immediate retry then fails without any node succeeding
 * is not written back: the next sweep starts from the stored path again.
 *
 * <p>Thread-safe: the collaborators are thread-safe and each call works on its own update.
 */
final class UpdateProcessor {
    private static final Logger LOG = Logger.getLogger(UpdateProcessor.class.getName());

    private final ContainerNodes nodes;
    private final NodeSender sender;
    private final ExecutorService nodePool;
    private final String userAgent;

    /**
     * @param nodePool runs the sends to the nodes of one update concurrently
     * @param userAgent {@code object-updater <pid>}
     */
    UpdateProcessor(ContainerNodes nodes, NodeSender sender, ExecutorService nodePool, String userAgent) {
        this.nodes = nodes;
        this.sender = sender;
        this.nodePool = nodePool;
        this.userAgent = userAgent;
    }

    /** What one attempt decided: the update as it now stands, and what to do next. */
    private record Attempt(AsyncUpdate update, boolean rewrite, boolean retry) {
    }

    /** Delivers {@code p}, counting into {@code stats}. */
    void process(PendingUpdate p, SweepStats stats) throws InterruptedException {
        try {
            Attempt a = attempt(p, p.update(), stats);
            if (a.retry()) {
                a = attempt(p, a.update(), stats);
            }
            if (a.rewrite()) {
                PendingFiles.rewrite(p.device(), p.policy(), p.file(), a.update());
            }
        } catch (IOException | RuntimeException e) {
            stats.errors.incrementAndGet();
            LOG.log(Level.SEVERE, "ERROR processing async pending " + p.file(), e);
        }
    }

    /** The headers sent: the stored ones plus Swift's four (§3.3 step 1), in Swift's order. */
    Map<String, String> headers(PendingUpdate p) {
        Map<String, String> h = new LinkedHashMap<>();
        p.update().headers().forEach((k, v) -> h.put(HeaderNames.title(k), v));
        h.put("User-Agent", userAgent);
        h.putIfAbsent("X-Backend-Storage-Policy-Index", Integer.toString(p.policy()));
        h.putIfAbsent("X-Backend-Accept-Redirect", "true");
        h.putIfAbsent("X-Backend-Accept-Quoted-Location", "true");
        return h;
    }

    private Attempt attempt(PendingUpdate p, AsyncUpdate u, SweepStats stats)
            throws IOException, InterruptedException {
        PendingUpdate current = new PendingUpdate(p.device(), p.policy(), p.file(), p.objHash(), p.timestamp(), u);
        String[] ac = current.accountContainer();
        ContainerPlacement placement = nodes.locate(ac[0], ac[1]);
        String path = "/" + ac[0] + "/" + ac[1] + "/" + u.obj();
        Map<String, String> headers = headers(current);
        List<Integer> successes = new ArrayList<>(u.successes() == null ? List.of() : u.successes());
        List<Future<NodeSender.Outcome>> sends = new ArrayList<>();
        for (ContainerNode node : placement.nodes()) {
            if (!successes.contains(node.id())) {
                sends.add(CompletableFuture.supplyAsync(
                        () -> sender.send(node, placement.partition(), u.op(), path, headers), nodePool));
            }
        }
        boolean allOk = true;
        boolean newSuccesses = false;
        List<RedirectData> redirects = new ArrayList<>();
        for (Future<NodeSender.Outcome> f : sends) {
            NodeSender.Outcome o;
            try {
                o = f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (o.success()) {
                successes.add(o.nodeId());
                newSuccesses = true;
            } else {
                allOk = false;
            }
            if (o.redirect() != null) {
                redirects.add(o.redirect());
            }
        }
        if (allOk) {
            stats.successes.incrementAndGet();
            stats.unlinks.incrementAndGet();
            LOG.fine(() -> "Update sent for " + path + " " + p.file());
            PendingFiles.unlink(p.file());
            return new Attempt(u, false, false);
        }
        if (!redirects.isEmpty()) {
            String target = redirects.stream().max(Comparator.comparing(RedirectData::timestamp)).orElseThrow().path();
            List<String> history = new ArrayList<>(u.redirectHistory() == null ? List.of() : u.redirectHistory());
            String containerPath;
            if (history.contains(target)) {
                containerPath = null; // back to the root, forget the loop
                history.clear();
            } else {
                containerPath = target;
                history.add(target);
            }
            stats.redirects.incrementAndGet();
            LOG.fine(() -> "Update redirected for " + path + " " + p.file() + " to " + containerPath);
            AsyncUpdate redirected = new AsyncUpdate(u.op(), u.account(), u.container(), u.obj(), u.headers(),
                    containerPath, null, history);
            return new Attempt(redirected, true, true);
        }
        stats.failures.incrementAndGet();
        LOG.fine(() -> "Update failed for " + path + " " + p.file());
        if (newSuccesses) {
            AsyncUpdate progressed = new AsyncUpdate(u.op(), u.account(), u.container(), u.obj(), u.headers(),
                    u.containerPath(), successes, u.redirectHistory());
            return new Attempt(progressed, true, false);
        }
        return new Attempt(u, false, false);
    }
}
