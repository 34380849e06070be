package io.swiftnode.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.config.ServerConfig;
import io.swiftnode.daemon.ReconCache;
import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.HashPath;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.disk.pickle.AsyncPendingPickle.AsyncUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectUpdaterTest {
    static final HashPath HASH = new HashPath("changeme", "changeme");

    @TempDir
    Path root;
    Path devices;
    DiskFileManager mgr;
    final List<FakeContainerServer> servers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        devices = root.resolve("node");
        Files.createDirectories(devices.resolve("sda"));
        mgr = new DiskFileManager(DiskConfig.defaults(devices, HASH).withPolicies(Set.of(0, 1)));
        servers.add(new FakeContainerServer(0, "sdc0"));
        servers.add(new FakeContainerServer(1, "sdc1"));
    }

    @AfterEach
    void tearDown() {
        servers.forEach(FakeContainerServer::close);
    }

    ServerConfig config(String updaterOptions) throws IOException {
        Path conf = root.resolve("object-server.conf");
        Files.writeString(conf, "[DEFAULT]\ndevices = " + devices + "\nmount_check = false\nswift_dir = " + root
                + "\nrecon_cache_path = " + root.resolve("cache") + "\ninterval = 30\nobjects_per_second = 0\n\n"
                + "[pipeline:main]\npipeline = object-server\n\n[app:object-server]\nuse = egg:swift#object\n\n"
                + "[object-updater]\n" + updaterOptions);
        return ServerConfig.load(conf);
    }

    ObjectUpdater updater(String options, SweepClock clock) throws IOException {
        ContainerNodes nodes = (a, c) -> new ContainerPlacement(7, servers.stream().map(FakeContainerServer::node)
                .toList());
        return new ObjectUpdater(config(options).updater(), mgr, Set.of(0, 1), nodes, clock, new Random(1));
    }

    static Map<String, String> headers(Timestamp ts) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Size", "3");
        h.put("X-Content-Type", "text/plain");
        h.put("X-Timestamp", ts.internal());
        h.put("X-Etag", "0123456789abcdef0123456789abcdef");
        h.put("X-Trans-Id", "tx1");
        h.put("User-Agent", "object-server 1");
        return h;
    }

    Path pending(String container, String obj, Timestamp ts, int policy) throws IOException {
        return mgr.writeAsyncPending("sda", new AsyncUpdate("PUT", "a", container, obj, headers(ts)), ts, policy);
    }

    static long stat(Map<String, Object> stats, String name) {
        return ((Number) stats.get(name)).longValue();
    }

    @Test
    void deliveredUpdateIsUnlinkedWithItsPrefixDir() throws Exception {
        Timestamp ts = Timestamp.parse("1700000002.00000");
        Path file = pending("c", "o\u00e9 x", ts, 1);
        Map<String, Object> stats = updater("", SweepClock.SYSTEM).runPass();

        assertFalse(Files.exists(file));
        assertFalse(Files.exists(file.getParent()), "the emptied prefix dir is removed");
        assertEquals(1, stat(stats, "successes"));
        assertEquals(1, stat(stats, "unlinks"));
        assertEquals(0, stat(stats, "failures"));
        for (FakeContainerServer s : servers) {
            List<FakeContainerServer.Request> reqs = s.requests();
            assertEquals(1, reqs.size());
            FakeContainerServer.Request r = reqs.get(0);
            assertEquals("PUT", r.method());
            assertEquals("/" + s.device + "/7/a/c/o%C3%A9%20x", r.rawPath());
            assertEquals("object-updater " + ProcessHandle.current().pid(), r.headers().get("user-agent"));
            assertEquals("1", r.headers().get("x-backend-storage-policy-index"));
            assertEquals("true", r.headers().get("x-backend-accept-redirect"));
            assertEquals("true", r.headers().get("x-backend-accept-quoted-location"));
            assertEquals(ts.internal(), r.headers().get("x-timestamp"));
            assertEquals("0123456789abcdef0123456789abcdef", r.headers().get("x-etag"));
        }
        Object sweep = new ReconCache(root.resolve("cache")).read().get("object_updater_sweep");
        assertTrue(sweep instanceof Number, String.valueOf(sweep));
    }

    @Test
    void failingNodeIsRecordedAndRetriedAloneNextPass() throws Exception {
        Path file = pending("c", "o", Timestamp.parse("1700000002.00000"), 0);
        servers.get(1).answer = p -> FakeContainerServer.Answer.of(503);
        ObjectUpdater updater = updater("", SweepClock.SYSTEM);

        Map<String, Object> first = updater.runPass();
        assertEquals(1, stat(first, "failures"));
        assertEquals(0, stat(first, "successes"));
        assertTrue(Files.exists(file));
        AsyncUpdate stored = mgr.readAsyncPending(file);
        assertEquals(List.of(0), stored.successes());
        assertEquals(headers(Timestamp.parse("1700000002.00000")), stored.headers());
        assertEquals(1, servers.get(0).requests().size());
        assertEquals(1, servers.get(1).requests().size(), "one attempt per sweep, no busy loop");
        // the backlog left, and how stale it is, in the stats and (as swift-recon-cron writes it) in recon
        assertEquals(1, stat(first, "async_pending"));
        double age = ((Number) first.get("oldest_async_pending_age")).doubleValue();
        assertTrue(age > System.currentTimeMillis() / 1000.0 - 1700000002.0 - 60, "oldest age " + age);
        Map<String, Object> recon = new ReconCache(root.resolve("cache")).read();
        assertEquals(1L, recon.get("async_pending"));
        assertTrue(recon.get("async_pending_last") instanceof Double, String.valueOf(recon));

        servers.get(1).answer = p -> FakeContainerServer.Answer.of(201);
        Map<String, Object> second = updater.runPass();
        assertEquals(1, stat(second, "successes"));
        assertEquals(0, stat(second, "async_pending"));
        assertEquals(0.0, ((Number) second.get("oldest_async_pending_age")).doubleValue());
        assertEquals(0L, new ReconCache(root.resolve("cache")).read().get("async_pending"));
        assertFalse(Files.exists(file));
        assertEquals(1, servers.get(0).requests().size(), "the node that took it is not asked again");
        assertEquals(2, servers.get(1).requests().size());
    }

    @Test
    void olderFilesOfTheSameObjectAreUnlinkedUnread() throws Exception {
        Path newest = pending("c", "o", Timestamp.parse("1700000003.00000"), 0);
        Path older = newest.resolveSibling(newest.getFileName().toString().replace("1700000003", "1700000001"));
        Files.write(older, new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e'}); // would be quarantined if read
        Path other = pending("c2", "o", Timestamp.parse("1700000001.00000"), 0);

        Map<String, Object> stats = updater("", SweepClock.SYSTEM).runPass();
        assertFalse(Files.exists(older));
        assertFalse(Files.exists(newest));
        assertFalse(Files.exists(other));
        assertEquals(2, stat(stats, "successes"));
        assertEquals(3, stat(stats, "unlinks"));
        assertEquals(0, stat(stats, "quarantines"));
        assertEquals(2, servers.get(0).requests().size());
    }

    @Test
    void unreadablePickleIsQuarantinedAndBadNamesAreErrors() throws Exception {
        Path dir = devices.resolve("sda/async_pending/abc");
        Files.createDirectories(dir);
        Path bad = dir.resolve("0123456789abcdef0123456789abcabc-1700000001.00000");
        Files.writeString(bad, "not a pickle");
        Path badName = devices.resolve("sda/async_pending/def/strange-name-here");
        Files.createDirectories(badName.getParent());
        Files.writeString(badName, "x");
        Files.createDirectories(devices.resolve("sda/async_pending-7/123"));

        Map<String, Object> stats = updater("", SweepClock.SYSTEM).runPass();
        assertEquals(1, stat(stats, "quarantines"));
        assertEquals(1, stat(stats, "errors"));
        assertFalse(Files.exists(bad));
        assertFalse(Files.exists(dir), "its emptied prefix dir is removed");
        assertEquals("not a pickle", Files.readString(devices.resolve("sda/quarantined/objects")
                .resolve(bad.getFileName())));
        assertTrue(Files.exists(badName), "files with unexpected names are left alone");
        assertTrue(servers.get(0).requests().isEmpty());
    }

    @Test
    void shardRedirectIsFollowedAtOnce() throws Exception {
        Path file = pending("c", "o", Timestamp.parse("1700000002.00000"), 0);
        for (FakeContainerServer s : servers) {
            s.answer = p -> p.contains("/a/c/") ? FakeContainerServer.Answer.of(301, "Location",
                    "/.shards_a/c-1%20x", "X-Backend-Location-Is-Quoted", "true", "X-Backend-Redirect-Timestamp",
                    "1700000000.00000") : FakeContainerServer.Answer.of(201);
        }
        Map<String, Object> stats = updater("", SweepClock.SYSTEM).runPass();
        assertEquals(1, stat(stats, "redirects"));
        assertEquals(1, stat(stats, "successes"));
        assertFalse(Files.exists(file));
        for (FakeContainerServer s : servers) {
            List<FakeContainerServer.Request> reqs = s.requests();
            assertEquals(2, reqs.size());
            assertEquals("/" + s.device + "/7/.shards_a/c-1%20x/o", reqs.get(1).rawPath());
        }
    }

    @Test
    void newestRedirectWinsAndPartialRetryIsStored() throws Exception {
        Path file = pending("c", "o", Timestamp.parse("1700000002.00000"), 0);
        servers.get(0).answer = p -> p.contains("/a/c/") ? FakeContainerServer.Answer.of(301, "Location",
                "/.shards_a/old", "X-Backend-Redirect-Timestamp", "1700000000.00000")
                : FakeContainerServer.Answer.of(201);
        servers.get(1).answer = p -> p.contains("/a/c/") ? FakeContainerServer.Answer.of(301, "Location",
                "/.shards_a/new", "X-Backend-Redirect-Timestamp", "1700000001.00000")
                : FakeContainerServer.Answer.of(503);
        Map<String, Object> stats = updater("", SweepClock.SYSTEM).runPass();
        assertEquals(1, stat(stats, "redirects"));
        assertEquals(1, stat(stats, "failures"));
        AsyncUpdate stored = mgr.readAsyncPending(file);
        assertEquals(".shards_a/new", stored.containerPath());
        assertEquals(List.of(".shards_a/new"), stored.redirectHistory());
        assertEquals(List.of(0), stored.successes());
        assertEquals("c", stored.container(), "the root stays");
        assertEquals("/sdc0/7/.shards_a/new/o", servers.get(0).requests().get(1).rawPath());
    }

    @Test
    void redirectBackToAPathSeenBeforeReturnsToTheRoot() throws Exception {
        Timestamp ts = Timestamp.parse("1700000002.00000");
        Path file = mgr.writeAsyncPending("sda", new AsyncUpdate("PUT", "a", "c", "o", headers(ts), ".shards_a/s1",
                null, List.of(".shards_a/s1", ".shards_a/s2")), ts, 0);
        servers.forEach(s -> s.answer = p -> p.contains("/.shards_a/s1/") ? FakeContainerServer.Answer.of(301,
                "Location", "/.shards_a/s2", "X-Backend-Redirect-Timestamp", "1700000000.00000")
                : FakeContainerServer.Answer.of(p.contains("/a/c/") ? 503 : 201));
        Map<String, Object> stats = updater("", SweepClock.SYSTEM).runPass();
        assertEquals(1, stat(stats, "redirects"));
        assertEquals(1, stat(stats, "failures"));
        // the retry at the root failed without any success: as in Swift, the redirect is not stored
        AsyncUpdate stored = mgr.readAsyncPending(file);
        assertEquals(".shards_a/s1", stored.containerPath());
        assertEquals("/sdc0/7/a/c/o", servers.get(0).requests().get(1).rawPath());
    }

    @Test
    void objectsPerSecondPacesTheSweep() throws Exception {
        for (int i = 0; i < 5; i++) {
            pending("c" + i, "o", Timestamp.parse("1700000002.00000"), 0);
        }
        VirtualClock clock = new VirtualClock(1_000_000);
        Map<String, Object> stats = updater("objects_per_second = 2\n", clock).runPass();
        assertEquals(5, stat(stats, "successes"));
        assertEquals(2.0, clock.slept(), 1e-6, "five objects at 2/s: four half-second gaps");
    }

    @Test
    void perContainerLimitDefersDrainsAndSkips() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(pending("busy", "o" + i, Timestamp.parse("1700000002.00000"), 0));
        }
        VirtualClock clock = new VirtualClock(1_000_000);
        Map<String, Object> stats = updater("max_objects_per_container_per_second = 1\nmax_deferred_updates = 2\n",
                clock).runPass();
        // one goes at once, three are deferred, the queue holds two: one skipped, two drained
        assertEquals(3, stat(stats, "deferrals"));
        assertEquals(1, stat(stats, "skips"));
        assertEquals(2, stat(stats, "drains"));
        assertEquals(3, stat(stats, "successes"));
        assertEquals(1, files.stream().filter(Files::exists).count(), "the skipped one waits for the next sweep");
        assertEquals(2.0, clock.slept(), 1e-6, "each drain waits for the bucket");
    }

    @Test
    void deferredUpdatesAreSkippedOnceTheIntervalIsOver() throws Exception {
        for (int i = 0; i < 3; i++) {
            pending("busy", "o" + i, Timestamp.parse("1700000002.00000"), 0);
        }
        VirtualClock clock = new VirtualClock(1_000_000);
        // interval 1 s, 1 object per container per 2 s: the first drain would end after the deadline
        Map<String, Object> stats = updater("max_objects_per_container_per_second = 0.5\ninterval = 1\n", clock)
                .runPass();
        assertEquals(2, stat(stats, "deferrals"));
        assertEquals(1, stat(stats, "drains"));
        assertEquals(1, stat(stats, "skips"));
    }

    @Test
    void unmountedDevicesAreSkipped() throws Exception {
        Path file = pending("c", "o", Timestamp.parse("1700000002.00000"), 0);
        Map<String, Object> stats = updater("mount_check = true\n", SweepClock.SYSTEM).runPass();
        assertTrue(Files.exists(file));
        assertEquals(0, stat(stats, "successes"));
        Files.createFile(devices.resolve("sda/.ismount"));
        stats = updater("mount_check = true\n", SweepClock.SYSTEM).runPass();
        assertEquals(1, stat(stats, "successes"));
    }

    @Test
    void daemonContract() throws Exception {
        ObjectUpdater u = updater("interval = 40\n", SweepClock.SYSTEM);
        assertEquals("updater", u.name());
        assertTrue(u.enabled());
        assertEquals(40, u.interval());
        double d = u.firstDelay();
        assertTrue(d >= 0 && d < 40, "a random fraction of the interval: " + d);
        try (Stream<Path> s = Files.list(devices.resolve("sda"))) {
            assertNull(s.filter(p -> p.getFileName().toString().startsWith("async")).findAny().orElse(null));
        }
    }
}
