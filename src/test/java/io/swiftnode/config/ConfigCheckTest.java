package io.swiftnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    @Test
    void printsWhatTheLauncherNeeds(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("swift.conf"), "[swift-hash]\nswift_hash_path_prefix = x\n"
                + "[storage-policy:0]\nname = gold\ndefault = yes\n[storage-policy:3]\nname = tin\n");
        Path conf = dir.resolve("object-server.conf");
        Files.writeString(conf, "[DEFAULT]\nbind_ip = 127.0.0.2\nbind_port = 6299\ndevices = /d\nmount_check = no\n"
                + "swift_dir = " + dir + "\n[app:object-server]\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConfigCheck.print(conf, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("bind_ip=127.0.0.2\nbind_port=6299\ndevices=/d\nmount_check=false\nswift_dir=" + dir + "\n"
                + "swift_conf=" + dir.resolve("swift.conf") + "\npolicies=0:gold,3:tin\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}
