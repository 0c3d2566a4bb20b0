package io.bertstream.inference;

import io.bertstream.config.BertstreamConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderFactoryTest {

    @Test
    void int8ProductsAreExactByDefaultAndTheSettingReachesTheEncoder() {
        assertTrue(EncoderFactory.settings(BertstreamConfig.of(Map.of())).exactInt8());
        EncoderSettings fast = EncoderFactory.settings(BertstreamConfig.of(Map.of("inference.int8.exact", "false")));
        assertFalse(fast.exactInt8());
        // the variants the benchmark derives keep it
        assertFalse(fast.withModel("other", DefaultModels.MINILM_INT8).exactInt8());
        assertFalse(fast.withThreading(new OrtThreading(1, false, false)).exactInt8());
        assertEquals(128, fast.withMaxTokens(128).maxTokens());
        assertFalse(fast.withMaxTokens(128).exactInt8());
    }
}
