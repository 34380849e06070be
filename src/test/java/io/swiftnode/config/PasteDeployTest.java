package io.swiftnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** PasteDeploy's view of [app:…]/[filter:…] sections; expectations checked against paste.deploy 3.0.1 + Swift 2.30.1. */
class PasteDeployTest {

    private static PasteDeploy paste(String text) {
        return PasteDeploy.parse(text, "t.conf", Map.of("here", "/etc/swift", "__file__", "/etc/swift/t.conf"));
    }

    @Test
    void defaultWinsOverAPlainAppKeyButSetOverrides() {
        PasteDeploy p = paste("""
                [DEFAULT]
                mount_check = false
                log_name = swift
                workers = 2
                [app:object-server]
                use = egg:swift#object
                mount_check = true
                set log_name = obj
                node_timeout = 5
                """);
        Map<String, String> conf = p.appConfig("object-server");
        assertEquals("false", conf.get("mount_check"));
        assertEquals("obj", conf.get("log_name"));
        assertEquals("5", conf.get("node_timeout"));
        assertEquals("2", conf.get("workers"));
        assertEquals("/etc/swift", conf.get("here"));
        assertEquals("object-server", conf.get("__name__"));
        assertFalse(conf.containsKey("use"));
    }

    @Test
    void getCopiesADefaultUnderAnotherName() {
        PasteDeploy p = paste("[DEFAULT]\nroot = /srv\n[app:x]\nget devices = root\n");
        assertEquals("/srv", p.appConfig("x").get("devices"));
        assertThrows(ConfigException.class, () -> paste("[app:x]\nget devices = nothing\n").appConfig("x"));
    }

    @Test
    void keysKeepTheirCase() {
        Map<String, String> conf = paste("[app:x]\nNode_Timeout = 5\n").appConfig("x");
        assertEquals("5", conf.get("Node_Timeout"));
        assertFalse(conf.containsKey("node_timeout"));
    }

    @Test
    void hereIsUsableInInterpolation() {
        Map<String, String> conf = paste("[filter:healthcheck]\ndisable_path = %(here)s/off\n")
                .filterConfig("healthcheck").orElseThrow();
        assertEquals("/etc/swift/off", conf.get("disable_path"));
    }

    @Test
    void pipelineAndItsSetLines() {
        PasteDeploy p = paste("""
                [DEFAULT]
                log_level = INFO
                [pipeline:main]
                pipeline = healthcheck   recon
                    object-server
                set log_level = DEBUG
                [app:object-server]
                [filter:healthcheck]
                use = egg:swift#healthcheck
                """);
        assertEquals(List.of("healthcheck", "recon", "object-server"), p.mainPipeline());
        assertEquals("DEBUG", p.appConfig("object-server").get("log_level"));
        assertEquals("DEBUG", p.filterConfig("healthcheck").orElseThrow().get("log_level"));
        assertEquals(Optional.of("egg:swift#healthcheck"), p.filterUse("healthcheck"));
        assertEquals(Optional.empty(), p.filterConfig("recon"));
    }

    @Test
    void noPipelineIsAnEmptyList() {
        assertEquals(List.of(), paste("[app:object-server]\n").mainPipeline());
        ConfigException e = assertThrows(ConfigException.class, () -> paste("[pipeline:main]\n").mainPipeline());
        assertTrue(e.getMessage().contains("missing a 'pipeline' setting"), e.getMessage());
    }

    @Test
    void appSectionLookup() {
        assertEquals("1", paste("[application: object-server ]\na = 1\n").appConfig("object-server").get("a"));
        ConfigException missing = assertThrows(ConfigException.class,
                () -> paste("[app:proxy-server]\n").appConfig("object-server"));
        assertTrue(missing.getMessage().startsWith("No section 'object-server'"), missing.getMessage());
        ConfigException ambiguous = assertThrows(ConfigException.class,
                () -> paste("[app:object-server]\n[pipeline:object-server]\npipeline = x\n").appConfig("object-server"));
        assertTrue(ambiguous.getMessage().startsWith("Ambiguous section names"), ambiguous.getMessage());
    }
}
