package io.bertstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Encoders against the first one (fp32) by wall time and by process CPU time, run in turns (all of them once per
 * round, for several rounds) so that a load that changes during the measurement hits each alike. On a machine
 * shared with other work the CPU-time ratio is the steadier figure: the wall time also counts the time the other
 * work held the cores.
 *
 * <p>Figures, per encoder name N: {@code speed_N_sentences_per_s} (median wall time of the rounds),
 * {@code speed_N_cpu_ms_per_sentence} (median process CPU time), {@code speed_N_over_fp32} and
 * {@code speed_N_cpu_over_fp32} (the first encoder's time over N's: above 1 is faster than fp32).
 */
final class Int8Speed {

    private Int8Speed() {
    }

    /**
     * @param encoders name to encoder, the first being the reference (fp32); each is run once untimed first
     * @param sentences the sentences encoded per turn
     * @param rounds    timed rounds (each encoder once per round)
     */
    static void measure(Map<String, Function<List<String>, float[][]>> encoders, List<String> sentences, int rounds,
                        BenchReport report) {
        if (encoders.isEmpty() || rounds < 1) {
            throw new IllegalArgumentException("need an encoder and at least one round");
        }
        encoders.values().forEach(e -> e.apply(sentences.subList(0, Math.min(64, sentences.size()))));
        Map<String, double[]> wall = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        encoders.keySet().forEach(name -> {
            wall.put(name, new double[rounds]);
            cpu.put(name, new double[rounds]);
        });
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Function<List<String>, float[][]>> e : encoders.entrySet()) {
                long cpuStart = CostBench.processCpuNanos();
                long wallStart = System.nanoTime();
                e.getValue().apply(sentences);
                wall.get(e.getKey())[round] = (System.nanoTime() - wallStart) / 1e9;
                cpu.get(e.getKey())[round] = (CostBench.processCpuNanos() - cpuStart) / 1e9;
            }
        }
        List<String> names = new ArrayList<>(encoders.keySet());
        double fp32Wall = Repeated.median(wall.get(names.get(0)));
        double fp32Cpu = Repeated.median(cpu.get(names.get(0)));
        for (String name : names) {
            double w = Repeated.median(wall.get(name));
            double c = Repeated.median(cpu.get(name));
            report.put("speed_" + name + "_sentences_per_s", sentences.size() / w)
                    .put("speed_" + name + "_cpu_ms_per_sentence", 1000 * c / sentences.size())
                    .put("speed_" + name + "_over_fp32", fp32Wall / w)
                    .put("speed_" + name + "_cpu_over_fp32", c > 0 ? fp32Cpu / c : Double.NaN);
        }
        report.put("speed_rounds", rounds).put("speed_sentences", sentences.size());
    }
}
