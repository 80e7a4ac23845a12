/* kernel/apic.h - local APIC, ACPI MADT and MP table constants, named as
   in the Intel SDM, the ACPI and the MultiProcessor Specifications. */
#ifndef KERNEL_APIC_H
#define KERNEL_APIC_H

/* Local APIC registers, offsets from its base (SDM Vol. 3A, 10.4.1,
   Table 10-1). Each is 32 bits wide on a 16-byte boundary. */
#define LAPIC_ID		0x020	/* Local APIC ID, in bits 31:24 */
#define LAPIC_ID_SHIFT		24
#define LAPIC_TPR		0x080	/* Task priority */
#define LAPIC_EOI		0x0b0	/* End of interrupt: write 0 */
#define LAPIC_SVR		0x0f0	/* Spurious interrupt vector */
#define LAPIC_ESR		0x280	/* Error status */
#define LAPIC_ICR_LOW		0x300	/* Interrupt command, bits 31:0 */
#define LAPIC_ICR_HIGH		0x310	/* Interrupt command, bits 63:32 */

/* Spurious interrupt vector register (SDM Vol. 3A, 10.9, Figure 10-23). */
#define LAPIC_SVR_ENABLE	0x100	/* APIC software enable */

/* Interrupt command register (SDM Vol. 3A, 10.6.1, Figure 10-12). */
#define ICR_DM_FIXED		0x00000000	/* Delivery mode: fixed */
#define ICR_DM_INIT		0x00000500	/* Delivery mode: INIT */
#define ICR_DM_STARTUP		0x00000600	/* Delivery mode: start-up */
#define ICR_SEND_PENDING	0x00001000	/* Delivery status */
#define ICR_LEVEL_ASSERT	0x00004000	/* Level: assert */
#define ICR_DEST_SHIFT		24		/* APIC ID in the high word */

/* Waits of the INIT-SIPI-SIPI sequence (SDM Vol. 3A, 8.4.4.1). */
#define INIT_DELAY_US		10000
#define SIPI_DELAY_US		200

/* ACPI: root system description pointer and tables (ACPI 6.4, 5.2.5,
   5.2.6, 5.2.7 and 5.2.12). The RSDP lies on a 16-byte boundary in the
   first KiB of the EBDA or in 0xe0000-0xfffff (5.2.5.1). */
#define BDA_EBDA_SEGMENT	0x40e	/* BIOS data area: EBDA >> 4 */
#define BDA_BASE_MEMORY_KB	0x413	/* BIOS data area: KiB below the EBDA */
#define BIOS_ROM_START		0xe0000u
#define BIOS_ROM_END		0x100000u
#define RSDP_SIGNATURE		"RSD PTR "
#define RSDP_V1_LENGTH		20	/* bytes of the first checksum */
#define MADT_SIGNATURE		"APIC"
#define MADT_LOCAL_APIC		0	/* Processor Local APIC structure */
#define MADT_LAPIC_ENABLED	0x1	/* its flags: processor usable */

/* Intel MultiProcessor Specification 1.4, 4.1 and 4.2: the floating
   pointer on a 16-byte boundary in the first KiB of the EBDA, the last KiB
   of base memory or 0xf0000-0xfffff, pointing to the configuration table. */
#define MP_FLOAT_SIGNATURE	"_MP_"
#define MP_CONFIG_SIGNATURE	"PCMP"
#define MP_SEARCH_ROM_START	0xf0000u
#define MP_ENTRY_PROCESSOR	0	/* 20 bytes (4.3.1) */
#define MP_ENTRY_OTHER_SIZE	8	/* bus, I/O APIC, interrupt entries */
#define MP_CPU_ENABLED		0x1	/* CPU flags: EN */

#endif
