/* kernel/ports.h - I/O ports and device register bits of the PC platform. */
#ifndef KERNEL_PORTS_H
#define KERNEL_PORTS_H

/* 16550 UART at COM1 (PC16550D data sheet). */
#define COM1_BASE		0x3f8
#define COM1_IRQ		4
#define UART_DATA		0	/* RBR (read) / THR (write); DLL when DLAB */
#define UART_IER		1	/* Interrupt enable; DLM when DLAB */
#define UART_IIR		2	/* Interrupt identification (read) */
#define UART_FCR		2	/* FIFO control (write) */
#define UART_LCR		3	/* Line control */
#define UART_MCR		4	/* Modem control */
#define UART_LSR		5	/* Line status */
#define UART_IER_RDA		0x01	/* Interrupt on received data */
#define UART_FCR_ENABLE		0x01
#define UART_FCR_CLEAR		0x06	/* Clear both FIFOs */
#define UART_FCR_TRIGGER_1	0x00	/* Interrupt on every byte */
#define UART_LCR_8N1		0x03
#define UART_LCR_DLAB		0x80	/* Divisor latch access */
#define UART_MCR_DTR		0x01
#define UART_MCR_RTS		0x02
#define UART_MCR_OUT2		0x08	/* Gates the IRQ line on PCs */
#define UART_MCR_LOOP		0x10	/* Loopback: transmit feeds receive */
#define UART_LSR_DR		0x01	/* Data ready */
#define UART_LSR_THRE		0x20	/* Transmit holding register empty */
#define UART_LSR_TEMT		0x40	/* Transmitter empty: all bits sent */
#define UART_CLOCK_HZ		115200	/* Divisor 1 gives this baud rate */
#define UART_LSR_ABSENT		0xff	/* what a bus with no UART reads */

/* 8259A PICs (Intel 8259A data sheet). */
#define PIC1_CMD		0x20
#define PIC1_DATA		0x21
#define PIC2_CMD		0xa0
#define PIC2_DATA		0xa1
#define PIC_ICW1_INIT		0x11	/* Edge triggered, cascade, ICW4 follows */
#define PIC_ICW4_8086		0x01
#define PIC_EOI			0x20
#define PIC_OCW3_READ_ISR	0x0b	/* next read of CMD: in-service reg */
#define PIC_SPURIOUS_BIT	0x80	/* IRQ 7 (15) in service: not spurious */
#define PIC_MASK_ALL		0xff
#define PIC_CASCADE_IRQ		2

/* 8253/8254 PIT (Intel 8254 data sheet). */
#define PIT_CH0_DATA		0x40
#define PIT_CMD			0x43
#define PIT_CMD_CH0_RATE	0x34	/* Channel 0, lo/hi byte, mode 2 */
#define PIT_CMD_CH0_LATCH	0x00	/* Channel 0, latch the count */
#define PIT_INPUT_HZ		1193182

/* QEMU's isa-debug-exit device: QEMU exits with (value << 1) | 1. */
#define DEBUG_EXIT_PORT		0xf4
#define DEBUG_EXIT_PASS		0x10	/* QEMU exit status 33 */
#define DEBUG_EXIT_FAIL		0x11	/* QEMU exit status 35 */

#endif
