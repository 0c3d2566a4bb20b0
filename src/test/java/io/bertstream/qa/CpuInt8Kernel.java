package io.bertstream.qa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Which int8 matrix kernel ONNX Runtime runs on this CPU: with VNNI (the {@code avx512_vnni} or {@code avx_vnni}
 * flag) its u8 x s8 products are summed exactly; without, its AVX2 kernel sums pairs in saturating int16, so int8
 * models give slightly other numbers. Read from {@code /proc/cpuinfo}; where that is absent, VNNI is assumed.
 */
final class CpuInt8Kernel {

    private static final Pattern VNNI = Pattern.compile("\\b(avx512_vnni|avx_vnni)\\b");

    private CpuInt8Kernel() {
    }

    static boolean hasVnni() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            return !Files.isReadable(cpuinfo) || hasVnni(Files.readString(cpuinfo));
        } catch (IOException e) {
            return true;
        }
    }

    static boolean hasVnni(String cpuinfo) {
        return cpuinfo.lines().filter(l -> l.startsWith("flags")).anyMatch(l -> VNNI.matcher(l).find());
    }
}
