package io.leadloop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The deployed artifact: size of the jar template.yaml deploys (target/leadloop-lambda.jar, built by
 * {@code mvn -B -DskipTests package}), what takes the space, and how many classes each handler loads by the end of
 * its first invocation (-Xlog:class+load in a fresh JVM with the template's flags, with and without AppCDS).
 */
public final class ArtifactBench {

    static final double TARGET_MB = 15;

    private static final String[][] GROUPS = {
            {"io/leadloop/", "leadloop"},
            {"software/amazon/awssdk/services/dynamodb/", "AWS SDK: dynamodb"},
            {"software/amazon/awssdk/services/sesv2/", "AWS SDK: sesv2"},
            {"software/amazon/awssdk/services/ssm/", "AWS SDK: ssm"},
            {"software/amazon/awssdk/regions/", "AWS SDK: regions (endpoint metadata)"},
            {"software/amazon/awssdk/thirdparty/", "AWS SDK: shaded third-party (jackson-core)"},
            {"software/amazon/awssdk/http/", "AWS SDK: http clients and auth"},
            {"software/amazon/awssdk/", "AWS SDK: core, auth, protocols, utils"},
            {"com/amazonaws/services/lambda/runtime/events/", "aws-lambda-java-events"},
            {"com/amazonaws/services/lambda/runtime/", "aws-lambda-java-core"},
            {"com/fasterxml/jackson/jr/", "jackson-jr"},
            {"com/fasterxml/jackson/", "jackson-core"},
            {"org/apache/hc/", "Apache HttpClient 5"},
            {"org/apache/http", "Apache HttpClient 4"},
            {"org/apache/commons/logging/", "commons-logging"},
            {"org/joda/", "Joda-Time"},
            {"org/reactivestreams/", "reactive-streams"},
            {"org/slf4j/", "slf4j"},
            {"io/netty/", "Netty"},
            {"META-INF/", "META-INF"},
    };

    public static void main(String[] args) throws Exception {
        Bench.Options options = new Bench.Options(args);
        Path jar = Path.of(Bench.lambdaJar());
        String deployedName = System.getProperty("bench.deployedName", jar.toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", Bench.machine());
        json.put("build", Bench.build());
        json.put("deployed_jar", deployedName);
        long size = Files.size(jar);
        json.put("size_bytes", size);
        json.put("size_mb", Bench.round(size / 1048576.0, 2));
        json.put("target_mb", TARGET_MB);
        json.put("target_met", size / 1048576.0 < TARGET_MB);
        Map<String, long[]> groups = new TreeMap<>();
        int entries = 0;
        int classes = 0;
        long uncompressed = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory()) continue;
                entries++;
                if (entry.getName().endsWith(".class")) classes++;
                uncompressed += entry.getSize();
                long[] g = groups.computeIfAbsent(group(entry.getName()), k -> new long[3]);
                g[0] += entry.getCompressedSize();
                g[1] += entry.getSize();
                g[2]++;
            }
        }
        json.put("entries", entries);
        json.put("class_files", classes);
        json.put("uncompressed_mb", Bench.round(uncompressed / 1048576.0, 1));
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        Map<String, Object> byGroup = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> g : sorted) {
            byGroup.put(g.getKey(), Map.of("compressed_kb", g.getValue()[0] / 1024, "uncompressed_kb", g.getValue()[1] / 1024, "files", g.getValue()[2]));
        }
        json.put("by_group", byGroup);

        StringBuilder md = new StringBuilder("### Deployed artifact\n\n");
        md.append("`").append(deployedName).append("`: **").append(Bench.f2(size / 1048576.0)).append(" MB** (")
                .append(String.format("%,d", size)).append(" bytes; ").append(entries).append(" files, ").append(classes)
                .append(" classes, ").append(Bench.f1(uncompressed / 1048576.0)).append(" MB uncompressed); target < ")
                .append(TARGET_MB).append(" MB: ").append(Bench.met(size / 1048576.0 < TARGET_MB)).append("\n\n");
        md.append("| part | compressed KB | uncompressed KB | files |\n| --- | ---: | ---: | ---: |\n");
        for (Map.Entry<String, long[]> g : sorted) {
            md.append("| ").append(g.getKey()).append(" | ").append(String.format("%,d", g.getValue()[0] / 1024)).append(" | ")
                    .append(String.format("%,d", g.getValue()[1] / 1024)).append(" | ").append(g.getValue()[2]).append(" |\n");
        }
        if (!options.flag("no-classes")) {
            ColdStartBench cold = new ColdStartBench(Bench.engines(options));
            List<Map<String, Object>> counts = cold.classCounts(List.of("template", "cds"));
            json.put("classes_loaded_at_first_invocation", counts);
            md.append("\n").append(cold.classMarkdown(counts));
        }
        Bench.publish("artifact-" + Bench.stamp(), json, md.toString());
    }

    private static String group(String name) {
        for (String[] g : GROUPS) if (name.startsWith(g[0])) return g[1];
        int slash = name.indexOf('/');
        return "other: " + (slash < 0 ? name : name.substring(0, slash + 1));
    }
}
