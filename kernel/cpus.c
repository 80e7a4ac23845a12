/* kernel/cpus.c - the CPUs the firmware lists: ACPI MADT, or the MP table. */
#include <stddef.h>

#include "kernel/apic.h"
#include "kernel/cpus.h"
#include "kernel/mmu.h"
#include "kernel/string.h"
#include "mm/paging.h"

/* System description table header (ACPI 6.4, 5.2.6, Table 5.4). */
struct acpi_header {
	char signature[4];
	uint32_t length;		/* of the table, header included */
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

/* Root system description pointer, its ACPI 1.0 part (5.2.5.3). */
struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
} __attribute__((packed));

/* Multiple APIC description table (5.2.12, Table 5.19): the header, then
   interrupt controller structures, each starting with type and length. */
struct acpi_madt {
	struct acpi_header h;
	uint32_t lapic_address;
	uint32_t flags;
} __attribute__((packed));

struct madt_entry {
	uint8_t type;
	uint8_t length;
} __attribute__((packed));

/* Processor local APIC structure (5.2.12.2, Table 5.21). */
struct madt_lapic {
	struct madt_entry e;
	uint8_t processor_uid;
	uint8_t apic_id;
	uint32_t flags;
} __attribute__((packed));

/* MP floating pointer structure (MP Spec 1.4, 4.1, Figure 4-2). */
struct mp_float {
	char signature[4];
	uint32_t config;		/* physical address of the table */
	uint8_t length;			/* in 16-byte units: 1 */
	uint8_t spec_rev;
	uint8_t checksum;
	uint8_t features[5];		/* features[0] != 0: a default config */
} __attribute__((packed));

/* MP configuration table header (4.2, Figure 4-3); entries follow. */
struct mp_config {
	char signature[4];
	uint16_t length;		/* of the base table, header included */
	uint8_t spec_rev;
	uint8_t checksum;
	char oem_id[8];
	char product_id[12];
	uint32_t oem_table;
	uint16_t oem_table_size;
	uint16_t entry_count;
	uint32_t lapic_address;
	uint16_t ext_length;
	uint8_t ext_checksum;
	uint8_t reserved;
} __attribute__((packed));

/* Processor entry (4.3.1, Figure 4-5). */
struct mp_processor {
	uint8_t type;
	uint8_t apic_id;
	uint8_t apic_version;
	uint8_t cpu_flags;
	uint32_t signature;
	uint32_t features;
	uint32_t reserved[2];
} __attribute__((packed));

_Static_assert(sizeof(struct acpi_header) == 36, "ACPI 5.2.6");
_Static_assert(sizeof(struct acpi_rsdp) == RSDP_V1_LENGTH, "ACPI 5.2.5.3");
_Static_assert(sizeof(struct madt_lapic) == 8, "ACPI 5.2.12.2");
_Static_assert(sizeof(struct mp_float) == 16, "MP 4.1");
_Static_assert(sizeof(struct mp_config) == 44, "MP 4.2");
_Static_assert(sizeof(struct mp_processor) == 20, "MP 4.3.1");

/* Firmware memory as the kernel can read it: through the identity map
   where it reaches, else mapped read-only in the window (page 0, where the
   BIOS data area is, and ACPI tables at the top of RAM). */
static const void *firmware(physaddr_t pa, uint32_t len)
{
	if (pa >= PAGE_SIZE && pa + len > pa &&
	    pa + len <= paging_direct_top())
		return (const void *)pa;
	return paging_map_phys(pa, len, PTE_P);
}

/* Both specifications: the bytes of a structure sum to 0 modulo 256. */
static bool checksum_ok(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/* A structure that starts with sig on a 16-byte boundary of [start, end)
   and whose first sum_len bytes have a good checksum. */
static const void *scan(physaddr_t start, physaddr_t end, const char *sig,
			uint32_t sum_len)
{
	const uint8_t *p = firmware(start, end - start);
	uint32_t off;

	for (off = 0; off + sum_len <= end - start; off += 16)
		if (!memcmp(p + off, sig, strlen(sig)) &&
		    checksum_ok(p + off, sum_len))
			return p + off;
	return NULL;
}

/* The two areas both specifications name first: the extended BIOS data
   area's first KiB, and the top KiB of base memory. */
static physaddr_t ebda(void)
{
	const uint16_t *seg = firmware(BDA_EBDA_SEGMENT, sizeof(*seg));

	return (physaddr_t)*seg << 4;
}

static physaddr_t base_memory_top(void)
{
	const uint16_t *kb = firmware(BDA_BASE_MEMORY_KB, sizeof(*kb));

	return (physaddr_t)*kb * 1024;
}

static const struct acpi_rsdp *find_rsdp(void)
{
	physaddr_t e = ebda();
	const struct acpi_rsdp *r = NULL;

	if (e)
		r = scan(e, e + 1024, RSDP_SIGNATURE, RSDP_V1_LENGTH);
	if (!r)
		r = scan(BIOS_ROM_START, BIOS_ROM_END, RSDP_SIGNATURE,
			 RSDP_V1_LENGTH);
	return r;
}

/* A table mapped whole: the header first, for its length. */
static const struct acpi_header *acpi_table(physaddr_t pa)
{
	const struct acpi_header *h = firmware(pa, sizeof(*h));

	if (h->length < sizeof(*h))
		return NULL;
	h = firmware(pa, h->length);
	return checksum_ok(h, h->length) ? h : NULL;
}

static void add_cpu(struct cpus_found *out, uint8_t apic_id)
{
	out->listed++;
	if (out->n < SMP_MAX_CPUS)
		out->apic_id[out->n++] = apic_id;
}

bool cpus_find_acpi(struct cpus_found *out)
{
	const struct acpi_rsdp *rsdp = find_rsdp();
	const struct acpi_header *rsdt;
	const struct acpi_madt *madt = NULL;
	const uint32_t *entry;
	uint32_t i, n, off;

	out->n = out->listed = 0;
	if (!rsdp || !(rsdt = acpi_table(rsdp->rsdt_address)))
		return false;
	/* The RSDT's body is an array of 32-bit table addresses (5.2.7). */
	entry = (const uint32_t *)(rsdt + 1);
	n = (rsdt->length - sizeof(*rsdt)) / sizeof(*entry);
	for (i = 0; i < n && !madt; i++) {
		const struct acpi_header *h = acpi_table(entry[i]);

		if (h && !memcmp(h->signature, MADT_SIGNATURE, 4) &&
		    h->length >= sizeof(*madt))
			madt = (const struct acpi_madt *)h;
	}
	if (!madt)
		return false;
	out->lapic_base = madt->lapic_address;
	for (off = sizeof(*madt); off + sizeof(struct madt_entry) <=
				  madt->h.length;) {
		const struct madt_entry *e =
			(const void *)((const uint8_t *)madt + off);

		if (e->length < sizeof(*e) || off + e->length > madt->h.length)
			break;
		if (e->type == MADT_LOCAL_APIC && e->length >=
		    sizeof(struct madt_lapic)) {
			const struct madt_lapic *l = (const void *)e;

			if (l->flags & MADT_LAPIC_ENABLED)
				add_cpu(out, l->apic_id);
		}
		off += e->length;
	}
	return out->n > 0;
}

static const struct mp_float *find_mp_float(void)
{
	physaddr_t e = ebda(), top = base_memory_top();
	const struct mp_float *f = NULL;

	if (e)
		f = scan(e, e + 1024, MP_FLOAT_SIGNATURE, sizeof(*f));
	if (!f && top >= 1024)
		f = scan(top - 1024, top, MP_FLOAT_SIGNATURE, sizeof(*f));
	if (!f)
		f = scan(MP_SEARCH_ROM_START, BIOS_ROM_END, MP_FLOAT_SIGNATURE,
			 sizeof(*f));
	return f;
}

bool cpus_find_mp(struct cpus_found *out)
{
	const struct mp_float *f = find_mp_float();
	const struct mp_config *c;
	const uint8_t *p, *end;
	unsigned int i;

	out->n = out->listed = 0;
	/* A default configuration (features[0] != 0) has no table. */
	if (!f || !f->config || f->features[0])
		return false;
	c = firmware(f->config, sizeof(*c));
	if (memcmp(c->signature, MP_CONFIG_SIGNATURE, 4) ||
	    c->length < sizeof(*c))
		return false;
	c = firmware(f->config, c->length);
	if (!checksum_ok(c, c->length))
		return false;
	out->lapic_base = c->lapic_address;
	p = (const uint8_t *)(c + 1);
	end = (const uint8_t *)c + c->length;
	/* Only processor entries are longer than 8 bytes (4.3). */
	for (i = 0; i < c->entry_count && p < end; i++) {
		if (*p == MP_ENTRY_PROCESSOR) {
			const struct mp_processor *m = (const void *)p;

			if (p + sizeof(*m) > end)
				break;
			if (m->cpu_flags & MP_CPU_ENABLED)
				add_cpu(out, m->apic_id);
			p += sizeof(*m);
		} else {
			p += MP_ENTRY_OTHER_SIZE;
		}
	}
	return out->n > 0;
}
