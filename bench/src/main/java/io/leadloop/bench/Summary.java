package io.leadloop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Joins the markdown of the results written since {@code args[0]} (epoch seconds) into results/summary-TIME.md. */
public final class Summary {

    public static void main(String[] args) throws Exception {
        long since = args.length > 0 ? Long.parseLong(args[0]) * 1000 : 0;
        List<Path> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(Bench.RESULTS)) {
            files.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().startsWith("summary-"))
                    .filter(p -> p.toFile().lastModified() >= since)
                    .sorted(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .forEach(parts::add);
        }
        StringBuilder md = new StringBuilder("## leadloop benchmark run " + Bench.stamp() + "\n\nMachine: " + Bench.machine() + "\n\n");
        for (Path p : parts) md.append(Files.readString(p)).append("\n");
        Path out = Bench.RESULTS.resolve("summary-" + Bench.stamp() + ".md");
        Files.writeString(out, md.toString());
        System.out.println(md);
        System.out.println("(summary written to " + out + ")");
    }
}
