package io.mailing.console.mailout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.console.mailout.SmsText.Encoding;
import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void anEmptyTextIsNoSms() {
        assertThat(SmsText.of("")).isEqualTo(new SmsText(Encoding.GSM_7, 0, 0, 0));
        assertThat(SmsText.of(null).segments()).isZero();
    }

    @Test
    void theGsmBasicTableTakesOneSeptetPerCharacterAndOneSmsHoldsAHundredAndSixty() {
        assertThat(SmsText.of("Hello, @£$¥ èéùìò ÄÖÑÜ§¿ ΔΦΓΛΩ")).satisfies(sms -> {
            assertThat(sms.encoding()).isEqualTo(Encoding.GSM_7);
            assertThat(sms.units()).isEqualTo(sms.characters());
        });
        assertThat(SmsText.of("a".repeat(160))).isEqualTo(new SmsText(Encoding.GSM_7, 160, 160, 1));
        assertThat(SmsText.of("a".repeat(161))).isEqualTo(new SmsText(Encoding.GSM_7, 161, 161, 2));
        assertThat(SmsText.of("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsText.of("a".repeat(307)).segments()).isEqualTo(3);
        assertThat(SmsText.of("a".repeat(161)).perSegment()).isEqualTo(153);
        assertThat(SmsText.of("a").perSegment()).isEqualTo(160);
    }

    @Test
    void anExtensionCharacterTakesTwoSeptetsAndNeverStraddlesTwoSegments() {
        assertThat(SmsText.of("€[]{}|^~\\")).isEqualTo(new SmsText(Encoding.GSM_7, 9, 18, 1));
        assertThat(SmsText.of("a".repeat(159) + "€")).isEqualTo(new SmsText(Encoding.GSM_7, 160, 161, 2));
        assertThat(SmsText.of("a".repeat(158) + "€")).isEqualTo(new SmsText(Encoding.GSM_7, 159, 160, 1));
        // 152 septets then a two-septet character: it moves whole to the second segment, as does the rest.
        assertThat(SmsText.of("a".repeat(152) + "€" + "a".repeat(152) + "€").segments())
                .isEqualTo(3);
    }

    @Test
    void anyOtherCharacterMakesTheWholeTextUcs2WithSeventyUnitsPerSms() {
        assertThat(SmsText.of("Привет")).isEqualTo(new SmsText(Encoding.UCS_2, 6, 6, 1));
        assertThat(SmsText.of("ç".repeat(70))).isEqualTo(new SmsText(Encoding.UCS_2, 70, 70, 1));
        assertThat(SmsText.of("a".repeat(70) + "ж")).isEqualTo(new SmsText(Encoding.UCS_2, 71, 71, 2));
        assertThat(SmsText.of("ж".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsText.of("ж".repeat(135)).segments()).isEqualTo(3);
        assertThat(SmsText.of("ж".repeat(71)).perSegment()).isEqualTo(67);
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsTwoUtf16UnitsAndIsNeverSplit() {
        assertThat(SmsText.of("Hi 😀")).isEqualTo(new SmsText(Encoding.UCS_2, 4, 5, 1));
        assertThat(SmsText.of("😀".repeat(35))).isEqualTo(new SmsText(Encoding.UCS_2, 35, 70, 1));
        // 66 units, then a pair that does not fit in the first segment's last unit.
        assertThat(SmsText.of("ж".repeat(66) + "😀" + "ж".repeat(3))).isEqualTo(new SmsText(Encoding.UCS_2, 70, 71, 2));
    }
}
