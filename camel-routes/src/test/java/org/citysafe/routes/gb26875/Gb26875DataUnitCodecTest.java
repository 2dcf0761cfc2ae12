package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.codec.Frames;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentAnalogue;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.Opaque;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemOperation;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemSoftwareVersion;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemTime;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdOperation;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdSoftwareVersion;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdTime;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Gb26875DataUnitCodecTest {

    private static final Gb26875Time T = Gb26875Time.of(LocalDateTime.of(2024, 7, 1, 10, 15, 30));
    private final Gb26875Options options = Gb26875Options.standard();
    private final Gb26875FrameCodec frames = new Gb26875FrameCodec(options);
    private final Gb26875DataUnitCodec units = new Gb26875DataUnitCodec(options);

    @Test
    void decodesTheComponentStateOfThePublicFireExample() throws Exception {
        Gb26875DataUnit unit = unitOf("public-example-1-component-fire");

        assertThat(unit.type()).isEqualTo(Gb26875DataUnit.COMPONENT_STATE);
        ComponentState state = (ComponentState) unit.objects().get(0);
        assertThat(state.systemType()).isEqualTo(1);
        assertThat(state.systemAddress()).isEqualTo(1);
        assertThat(state.componentType()).isEqualTo(0x28);
        assertThat(state.componentAddress()).isEqualTo(0x0002000AL);
        assertThat(state.fireAlarm()).isTrue();
        assertThat(state.fault()).isFalse();
        assertThat(state.runningNormally()).isFalse();
        assertThat(state.description()).isEmpty();
        assertThat(state.time().toLocalDateTime()).contains(LocalDateTime.of(2012, 9, 26, 9, 58, 2));
    }

    @Test
    void decodesAGb18030Description() throws Exception {
        ComponentState state = (ComponentState) unitOf("constructed-component-fault-gb18030").objects().get(0);

        assertThat(state.description()).isEqualTo("三楼东侧走廊光电感烟");
        assertThat(state.fault()).isTrue();
        assertThat(state.componentType()).isEqualTo(42);
    }

    @Test
    void decodesSignedAnalogueValues() throws Exception {
        List<Gb26875InfoObject> objects = unitOf("constructed-analogue-values").objects();

        assertThat(objects).extracting(o -> ((ComponentAnalogue) o).value()).containsExactly(3500, -125, 255, 60);
        assertThat(objects).extracting(o -> ((ComponentAnalogue) o).analogueType()).containsExactly(5, 3, 6, 7);
        assertThat(((ComponentAnalogue) objects.get(0)).componentAddress()).isEqualTo(0x00020005L);
    }

    @Test
    void readsEverySystemStateBit() throws Exception {
        List<Gb26875InfoObject> objects = unitOf("constructed-system-state").objects();
        SystemState controller = (SystemState) objects.get(0);
        SystemState smokeControl = (SystemState) objects.get(1);

        assertThat(controller.runningNormally()).isTrue();
        assertThat(controller.fireAlarm()).isTrue();
        assertThat(controller.mainPowerFault()).isTrue();
        assertThat(controller.backupPowerFault()).isFalse();
        assertThat(smokeControl.systemType()).isEqualTo(18);
        assertThat(smokeControl.shielded()).isTrue();
        assertThat(smokeControl.supervisory()).isTrue();
        assertThat(smokeControl.fireAlarm()).isFalse();

        SystemState all = new SystemState(1, 1, 0x3FFF, T);
        assertThat(List.of(all.runningNormally(), all.fireAlarm(), all.fault(), all.shielded(), all.supervisory(),
                all.started(), all.feedback(), all.delayed(), all.mainPowerFault(), all.backupPowerFault(),
                all.busFault(), all.manualMode(), all.configurationChanged(), all.reset())).containsOnly(true);
    }

    @Test
    void decodesTheTransmissionDeviceUnitsOfThePublicExamples() throws Exception {
        UitdState state = (UitdState) unitOf("public-example-2-uitd-mains-fault").objects().get(0);
        assertThat(state.mainPowerFault()).isTrue();
        assertThat(state.fireAlarm()).isFalse();
        assertThat(state.time().toLocalDateTime()).contains(LocalDateTime.of(2012, 9, 26, 9, 58, 2));

        UitdOperation operation = (UitdOperation) unitOf("public-example-3-uitd-duty-check-answer").objects().get(0);
        assertThat(operation.dutyCheckAnswered()).isTrue();
        assertThat(operation.operator()).isEqualTo(1);
        assertThat(operation.reset()).isFalse();

        assertThat(unitOf("public-example-4-uitd-version").objects()).containsExactly(new UitdSoftwareVersion(1, 1));
        assertThat(((UitdTime) unitOf("public-example-5-uitd-time").objects().get(0)).time().toLocalDateTime())
                .contains(LocalDateTime.of(2012, 9, 26, 9, 58, 2));
    }

    @Test
    void keepsTypesItDoesNotDecodeWhole() throws Exception {
        Gb26875DataUnit unit = unitOf("public-example-6-read-uitd-state");

        assertThat(unit.type()).isEqualTo(81);
        assertThat(unit.objectCount()).isEqualTo(1);
        assertThat(unit.objects()).containsExactly(new Opaque(new byte[]{0}));
        assertThat(units.encode(unit)).isEqualTo(new byte[]{81, 1, 0});
    }

    @Test
    void givesNoUnitForEmptyAppData() throws Exception {
        assertThat(units.decode(new byte[0])).isEmpty();
    }

    @Test
    void roundTripsEveryDecodedObjectType() throws Exception {
        List<Gb26875DataUnit> all = List.of(
                Gb26875DataUnit.of(1, List.of(new SystemState(1, 2, 0x2345, T), new SystemState(255, 0, 0, T))),
                Gb26875DataUnit.of(2, List.of(new ComponentState(1, 2, 40, 0xFFFF_FFFFL, 3, "二层 smoke", T))),
                Gb26875DataUnit.of(3, List.of(new ComponentAnalogue(11, 2, 0, 5, 4, -32768, T))),
                Gb26875DataUnit.of(4, List.of(new SystemOperation(1, 1, 0x45, 9, T))),
                Gb26875DataUnit.of(5, List.of(new SystemSoftwareVersion(1, 1, 2, 3))),
                Gb26875DataUnit.of(6, List.of(new SystemConfiguration(1, 1, "主机 A"), new SystemConfiguration(2, 2, ""))),
                Gb26875DataUnit.of(7, List.of(new ComponentConfiguration(1, 1, 23, 77, "手报"))),
                Gb26875DataUnit.of(8, List.of(new SystemTime(1, 1, T))),
                Gb26875DataUnit.of(21, List.of(new UitdState(0x7F, T))),
                Gb26875DataUnit.of(24, List.of(new UitdOperation(0x41, 2, T))),
                Gb26875DataUnit.of(25, List.of(new UitdSoftwareVersion(3, 4))),
                Gb26875DataUnit.of(26, List.of(new UitdConfiguration("UITD-8001 v3"))),
                Gb26875DataUnit.of(28, List.of(new UitdTime(T))));

        for (Gb26875DataUnit unit : all) {
            assertThat(units.decode(units.encode(unit))).as("type %d", unit.type()).contains(unit);
        }
    }

    @Test
    void refusesAppDataTooShortForTypeAndCount() {
        assertRefused(new byte[]{2}, "app data of 1 byte is too short: a data unit needs a type byte and an object count");
    }

    @Test
    void refusesAnObjectCountThatDisagreesWithTheBytes() {
        byte[] appData = new byte[2 + 46 + 4];
        appData[0] = 2;
        appData[1] = 1;

        assertRefused(appData, "data unit type 2 (component state) declares 1 objects of 46 bytes = 46 bytes, but 50 "
                + "bytes follow");
    }

    @Test
    void refusesAConfigurationTextRunningPastTheEnd() {
        assertRefused(new byte[]{26, 1, 5, 'a', 'b'}, "data unit type 26 (UITD configuration) object 1 of 1: text "
                + "length 5 runs past the end of the app data (2 bytes left)");
    }

    @Test
    void refusesAConfigurationObjectWithoutItsHeader() {
        assertRefused(new byte[]{6, 2, 1, 1, 0, 1}, "data unit type 6 (system configuration) object 2 of 2: needs 3 "
                + "header bytes, 1 left");
    }

    @Test
    void refusesBytesLeftOverAfterTheDeclaredConfigurations() {
        assertRefused(new byte[]{26, 1, 1, 'a', 'b'}, "data unit type 26 (UITD configuration): 1 bytes left over "
                + "after 1 objects");
    }

    @Test
    void refusesToEncodeWhatTheWireCannotCarry() {
        assertThatThrownBy(() -> units.encode(Gb26875DataUnit.of(2,
                List.of(new ComponentState(1, 1, 1, 1, 1, "a description longer than thirty-one bytes", T)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> units.encode(Gb26875DataUnit.of(1, List.of(new UitdTime(T)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Gb26875DataUnit unitOf(String frame) throws FrameRefusedException {
        return units.decode(frames.decode(Frames.gb26875(frame)).appData()).orElseThrow();
    }

    private void assertRefused(byte[] appData, String reason) {
        assertThatThrownBy(() -> units.decode(appData)).isInstanceOfSatisfying(FrameRefusedException.class, e -> {
            assertThat(e.refusal().reason()).isEqualTo(reason);
            assertThat(e.refusal().raw()).isEqualTo(appData);
        });
    }
}
