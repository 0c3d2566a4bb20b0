package io.bertstream.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Int8SpeedTest {

    private static volatile double sink;

    /** An "encoder" that burns CPU in proportion to {@code work} per sentence. */
    private static Function<List<String>, float[][]> spinning(int work) {
        return texts -> {
            double x = 0;
            for (long i = 0; i < (long) work * texts.size() * 1_500_000; i++) {
                x += Math.sqrt(i);
            }
            sink = x;
            return new float[texts.size()][];
        };
    }

    @Test
    void anEncoderDoingAQuarterOfTheWorkIsAboutFourTimesFaster() {
        Map<String, Function<List<String>, float[][]>> encoders = new LinkedHashMap<>();
        encoders.put("fp32", spinning(4));
        encoders.put("int8[fast]", spinning(1));
        BenchReport report = new BenchReport();
        Int8Speed.measure(encoders, List.of("a", "b", "c", "d", "e", "f", "g", "h"), 3, report);
        Map<String, Object> v = report.values();
        assertEquals(1.0, (double) v.get("speed_fp32_over_fp32"), 1e-9);
        double cpu = (double) v.get("speed_int8[fast]_cpu_over_fp32");
        double wall = (double) v.get("speed_int8[fast]_over_fp32");
        assertTrue(cpu > 2 && cpu < 8, "cpu ratio " + cpu);
        assertTrue(wall > 1.5, "wall ratio " + wall);
        assertEquals(3, v.get("speed_rounds"));
    }
}
