package io.swiftnode.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swiftnode.config.ConfigLocation;
import io.swiftnode.config.ServerConfig;
import io.swiftnode.config.SwiftConf;
import io.swiftnode.disk.DiskConfig;
import io.swiftnode.disk.DiskFile;
import io.swiftnode.disk.DiskFileManager;
import io.swiftnode.disk.DiskFileReader;
import io.swiftnode.disk.DiskFileWriter;
import io.swiftnode.disk.Timestamp;
import io.swiftnode.disk.FallocateReserve;
import io.swiftnode.disk.HashPath;
import io.swiftnode.ops.DaemonExecutor;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.naming.InitialContext;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR as built ({@code target/object-node.war}, with its runtime libraries) deployed on Payara
 * Micro. This is the project's one Arquillian deployment class, because each such class boots its own
 * Payara JVM (10–20 s): add in-container tests ({@code @Inject} the beans you need) and
 * {@code @RunAsClient} HTTP tests here as methods.
 *
 * <p>The node's config is generated per run by {@link ItNode} (free port, devices under
 * {@code target/it-node/<port>/}); inside the container its path is the system property
 * {@code swiftnode.conf}.
 */
@ExtendWith({ItNode.class, ArquillianExtension.class})
public class DeploymentIT {

    @Deployment
    public static WebArchive deployment() {
        return ItNode.builtWar("object-node.war").addClasses(DeploymentIT.class, ItNode.class);
    }

    @Inject
    ServerConfig server;

    @Inject
    SwiftConf swift;

    @Inject
    DiskConfig disk;

    @Inject
    DaemonExecutor daemons;

    @Inject
    DiskFileManager diskFiles;

    @Inject
    ServletContext servletContext;

    // ---- over HTTP --------------------------------------------------------------------------

    @Test
    @RunAsClient
    void healthcheckAnswersOk(@ArquillianResource URL url) throws Exception {
        HttpResponse<String> get = send(url, "GET");
        assertEquals(200, get.statusCode());
        assertEquals("OK", get.body());
        assertEquals(Optional.of("text/plain"), get.headers().firstValue("Content-Type"));

        HttpResponse<String> head = send(url, "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(200, send(url, "PUT").statusCode(), "Swift's middleware answers any method");
    }

    @Test
    @RunAsClient
    void healthcheckIsDisabledWhileTheDisableFileExists(@ArquillianResource URL url) throws Exception {
        Path flag = ItNode.disableFile(ItNode.conf());
        Files.writeString(flag, "");
        try {
            HttpResponse<String> r = send(url, "GET");
            assertEquals(503, r.statusCode());
            assertEquals("DISABLED BY FILE", r.body());
        } finally {
            Files.delete(flag);
        }
        assertEquals(200, send(url, "GET").statusCode());
    }

    @Test
    @RunAsClient
    void reconPathsStayObjectPathsWithoutTheReconFilter(@ArquillianResource URL url) throws Exception {
        // ItNode's pipeline has no recon: /recon/... is an object-server path, as on a Python node
        for (String method : List.of("GET", "HEAD", "PUT")) {
            HttpResponse<String> recon = sendTo(url, "recon/version", method);
            HttpResponse<String> other = sendTo(url, "reconx/version", method);
            assertEquals(other.statusCode(), recon.statusCode(), method);
            assertEquals(other.body().replace("reconx", "recon"), recon.body(), method);
            assertEquals(other.headers().firstValue("Content-Type"), recon.headers().firstValue("Content-Type"));
            assertFalse(recon.body().contains("2.30.1"), recon.body());
        }
    }

    @Test
    @RunAsClient
    void listensOnTheGeneratedPort(@ArquillianResource URL url) {
        assertEquals(Integer.getInteger(ItNode.PORT), url.getPort());
    }

    // ---- in the container -------------------------------------------------------------------

    @Test
    void configBeansCarryTheGeneratedConfig() {
        Path conf = Path.of(System.getProperty(ConfigLocation.PROPERTY));
        Path base = ItNode.baseOf(conf);
        assertEquals(conf, server.file());
        assertEquals(Integer.getInteger(ItNode.PORT), server.node().bindPort());
        assertEquals("127.0.0.1", server.node().bindIp());
        assertEquals(ItNode.WORKERS, server.node().workers());
        assertEquals(ItNode.MB_PER_SYNC, server.objectServer().mbPerSync());
        assertEquals(List.of("healthcheck", "object-server"), server.pipeline());
        assertEquals(Optional.of(ItNode.disableFile(conf)), server.healthcheck().disablePath().map(Path::normalize));
        assertTrue(server.replicator().present());

        assertEquals(base.resolve("etc/swift.conf"), swift.file());
        assertEquals(List.of(0, 1, 2), swift.policies().stream().map(p -> p.index()).toList());
        assertEquals("gold", swift.defaultPolicy().name());

        assertEquals(base.resolve("devices"), disk.devices());
        assertTrue(Files.isDirectory(disk.devices().resolve(ItNode.DEVICE)));
        assertFalse(disk.mountCheck());
        assertEquals(Set.of(0, 1), disk.policies(), "replication policies only");
        assertEquals(ItNode.RECLAIM_AGE, disk.reclaimAge());
        assertEquals(ItNode.MB_PER_SYNC, disk.mbPerSync());
        assertEquals(new FallocateReserve(1, true), disk.fallocateReserve());
        assertTrue(disk.disableFallocate());
        assertEquals(new HashPath(ItNode.HASH_PREFIX, ItNode.HASH_SUFFIX).hash("a", "c", "o"),
                disk.hashPath().hash("a", "c", "o"));
    }

    @Test
    void daemonExecutorRunsScheduledAndPeriodicTasks() throws Exception {
        ManagedScheduledExecutorService executor = daemons.executor();
        AtomicReference<ServerConfig> seenByTask = new AtomicReference<>();
        ScheduledFuture<String> once = executor.schedule(() -> {
            seenByTask.set(server);
            return Thread.currentThread().getName();
        }, 50, TimeUnit.MILLISECONDS);
        String thread = once.get(10, TimeUnit.SECONDS);
        assertFalse(thread.isEmpty());
        assertEquals(server.file(), seenByTask.get().file(), "CDI beans are usable from daemon tasks");

        CountDownLatch threeRuns = new CountDownLatch(3);
        AtomicInteger runs = new AtomicInteger();
        ScheduledFuture<?> periodic = executor.scheduleAtFixedRate(() -> {
            runs.incrementAndGet();
            threeRuns.countDown();
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            assertTrue(threeRuns.await(10, TimeUnit.SECONDS), "periodic task ran " + runs.get() + " times");
        } finally {
            periodic.cancel(false);
        }
        assertTrue(periodic.isCancelled());
    }

    @Test
    void injectedDiskManagerWritesWhatTheObjectServerServes() throws Exception {
        DiskFile df = diskFiles.diskFile(ItNode.DEVICE, "0", "a", "c", "in-container/é", 0);
        byte[] body = "written through the injected disk manager".getBytes(StandardCharsets.UTF_8);
        Timestamp ts = Timestamp.now();
        try (DiskFileWriter w = df.create(body.length)) {
            w.write(body, 0, body.length);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("X-Timestamp", ts.internal());
            md.put("Content-Type", "text/plain");
            md.put("Content-Length", Integer.toString(body.length));
            md.put("ETag", w.etag());
            md.put("X-Object-Meta-Where", "in-container");
            w.put(md);
            w.commit();
        }
        assertTrue(Files.exists(df.hashDir().resolve(ts.internal() + ".data")));
        try (DiskFileReader r = df.open()) {
            assertEquals("in-container", r.metadata().get("X-Object-Meta-Where"));
            assertEquals("/a/c/in-container/é", r.metadata().get("name"));
        }
        // the object server of this deployment serves the same object
        URI uri = URI.create("http://127.0.0.1:" + Integer.getInteger(ItNode.PORT) + servletContext.getContextPath()
                + "/" + ItNode.DEVICE
                + "/0/a/c/in-container/%C3%A9");
        HttpResponse<byte[]> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, get.statusCode());
        assertArrayEquals(body, get.body());
        assertEquals(Optional.of("in-container"), get.headers().firstValue("X-Object-Meta-Where"));
        assertEquals(Optional.of(ts.internal()), get.headers().firstValue("X-Backend-Timestamp"));
    }

    @Test
    void daemonExecutorIsBoundInJndi() throws Exception {
        assertInstanceOf(ManagedScheduledExecutorService.class, InitialContext.doLookup(DaemonExecutor.JNDI_NAME));
    }

    @Test
    @RunAsClient
    void adminApiListsTheDaemons(@ArquillianResource URL url) throws Exception {
        HttpResponse<String> r = admin(url, "GET", "daemons");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(Optional.of("application/json"), r.headers().firstValue("Content-Type"));
        for (String name : List.of("auditor", "replicator", "updater")) {
            assertTrue(r.body().contains("\"name\":\"" + name + "\""), r.body());
        }
        // run_daemon = false in every section of the test node: nothing is scheduled
        assertFalse(r.body().contains("\"IDLE\""), r.body());
        assertTrue(r.body().contains("\"state\":\"DISABLED\""), r.body());
        HttpResponse<String> one = admin(url, "GET", "daemons/updater");
        assertEquals(200, one.statusCode());
        assertTrue(one.body().contains("\"interval\":300"), one.body());
        assertEquals(404, admin(url, "GET", "daemons/expirer").statusCode());
        assertEquals(404, admin(url, "GET", "nothing").statusCode());
        assertEquals(405, admin(url, "GET", "daemons/auditor/run-once").statusCode());
    }

    @Test
    @RunAsClient
    void adminApiRunsOnePassAndAnswersItsStats(@ArquillianResource URL url) throws Exception {
        HttpResponse<String> r = admin(url, "POST", "daemons/auditor/run-once");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"ALL\"") && r.body().contains("\"ZBF\""), r.body());
        HttpResponse<String> status = admin(url, "GET", "daemons/auditor");
        assertTrue(status.body().contains("\"passes\":1"), status.body());
        assertTrue(status.body().contains("\"lastPassEnd\""), status.body());
        // the pass wrote Swift's recon keys into the node's recon cache
        Path recon = ItNode.baseOf(ItNode.conf()).resolve("cache/object.recon");
        String cache = Files.readString(recon);
        assertTrue(cache.contains("\"object_auditor_stats_ALL\""), cache);

        HttpResponse<String> rep = admin(url, "POST", "daemons/replicator/run-once");
        assertEquals(200, rep.statusCode(), rep.body());
        assertTrue(rep.body().contains("\"replication_stats\""), rep.body());
    }

    private static HttpResponse<String> admin(URL base, String method, String path)
            throws IOException, InterruptedException {
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        HttpRequest request = HttpRequest.newBuilder(URI.create(root).resolve("admin/api/" + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> sendTo(URL base, String path, String method)
            throws IOException, InterruptedException {
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        HttpRequest request = HttpRequest.newBuilder(URI.create(root).resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(URL base, String method) throws IOException, InterruptedException {
        String root = base.toExternalForm().endsWith("/") ? base.toExternalForm() : base.toExternalForm() + "/";
        URI uri = URI.create(root).resolve("healthcheck");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
