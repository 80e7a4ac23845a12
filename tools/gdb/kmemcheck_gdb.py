"""tools/gdb/kmemcheck_gdb.py - gdb's view of kmemcheck, loaded by .gdbinit.

While the kernel is stopped, gdb's own `print` and `x` read tracked heap
memory: the pages kmemcheck hid are shown to gdb (see PageShower), and
hidden again before the kernel runs. Commands, in the manner of Linux's
lx- scripts (help kmc-...): kmc-shadow, kmc-pte, kmc-reports, kmc-stats,
kmc-break, kmc-pages.

Everything is read from the kernel by name (variables, struct fields,
enums) and the hardware constants from the kernel's own headers, so the
helper follows the C code; what it cannot find it says it cannot find.
"""
import os
import re
import struct

import gdb
import gdb.FrameDecorator

ROOT = os.path.normpath(os.path.join(os.path.dirname(
    os.path.abspath(__file__)), '..', '..'))


def header_constants(path):
    """The #define NAME <number> lines of a kernel header, as a dict:
    the one home of each hardware constant stays the header."""
    consts = {}
    with open(os.path.join(ROOT, path)) as f:
        for line in f:
            m = re.match(r'#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+)u?\b', line)
            if m:
                consts[m.group(1)] = int(m.group(2), 0)
    return consts


MMU = header_constants('kernel/mmu.h')
LAYOUT = header_constants('mm/memlayout.h')
OPCODE = header_constants('kmemcheck/opcode.h')
PTE_P = MMU['PTE_P']
PTE_PS = MMU['PTE_PS']
PTE_HIDDEN = MMU['PTE_HIDDEN']
PTE_ADDR_MASK = MMU['PTE_ADDR_MASK']
PAGE_SIZE = MMU['PAGE_SIZE']
PT_ENTRIES = MMU['PT_ENTRIES']
CR0_PG = MMU['CR0_PG']
# Flag names for kmc-pte, from the PTE_ masks that are single bits.
PTE_FLAGS = sorted(((v, k[4:]) for k, v in MMU.items()
                    if k.startswith('PTE_') and v and v & (v - 1) == 0
                    and v < PAGE_SIZE), reverse=True)


class KmcError(gdb.GdbError):
    """A command's error: gdb prints the message alone, no traceback."""


def inferior():
    return gdb.selected_inferior()


def read_u32s(addr, count):
    data = inferior().read_memory(addr, 4 * count).tobytes()
    return struct.unpack('<%dI' % count, data)


def read_u32(addr):
    return read_u32s(addr, 1)[0]


def write_u32(addr, value):
    inferior().write_memory(addr, struct.pack('<I', value))


def register(name):
    return int(gdb.parse_and_eval('$' + name)) & 0xffffffff


def kernel_var(name, file=None):
    """A kernel variable by name (a file-static one when file is given),
    or None when this kernel has none."""
    if file is None:
        sym = gdb.lookup_global_symbol(name)
        if sym is not None:
            return sym.value()
        sym = gdb.lookup_static_symbol(name)
        return sym.value() if sym is not None else None
    for sym in gdb.lookup_static_symbols(name):
        if sym.symtab.filename.endswith(file):
            return sym.value()
    return None


def field(value, name, default=None):
    """value[name], or default when the struct has no such field."""
    try:
        return value[name]
    except gdb.error:
        return default


def enum_names(type_name, prefix):
    """Values of an enum of the kernel, to their names without prefix,
    as the reports' BUG: lines write them (double-free)."""
    try:
        t = gdb.lookup_type(type_name)
    except gdb.error:
        return {}
    return {f.enumval: f.name[len(prefix):].lower().replace('_', '-') if
            f.name.startswith(prefix) else f.name for f in t.fields()}


def symbolize(addr):
    """function+0xoff, as the kernel's stack traces print it."""
    block = gdb.current_progspace().block_for_pc(addr)
    while block is not None and block.function is None:
        block = block.superblock
    # Inlined blocks have a function too: the outermost one is the
    # function the address lies in.
    while block is not None and block.superblock is not None and \
            block.superblock.function is not None:
        block = block.superblock
    if block is None:
        return '0x%08x' % addr
    return '%s+0x%x/0x%x' % (block.function.name, addr - block.start,
                             block.end - block.start)


def page_tables():
    """(address of the page table, index of its first entry's page in
    the page directory) for every page table of every CPU's page
    directory. Page tables live in RAM the kernel identity-maps, so their
    physical address is a virtual one gdb can read."""
    seen = set()
    for thread in inferior().threads():
        cr0, cr3 = thread_registers(thread, ('cr0', 'cr3'))
        if not cr0 & CR0_PG:
            continue
        pgdir = cr3 & PTE_ADDR_MASK
        for pdx, pde in enumerate(read_u32s(pgdir, PT_ENTRIES)):
            pt = pde & PTE_ADDR_MASK
            if pde & PTE_P and not pde & PTE_PS and pt not in seen:
                seen.add(pt)
                yield pt, pdx


def thread_registers(thread, names):
    """Registers of thread (a CPU in QEMU's stub) without leaving the
    selected thread and frame."""
    selected = gdb.selected_thread()
    if thread == selected:
        return [register(n) for n in names]
    frame = gdb.selected_frame()
    thread.switch()
    try:
        return [register(n) for n in names]
    finally:
        selected.switch()
        frame.select()


def lookup_pte(va):
    """(PDE address, PDE, PTE address or None, PTE or None) of va in the
    selected CPU's page tables, or None before paging is on."""
    if not register('cr0') & CR0_PG:
        return None
    pde_addr = (register('cr3') & PTE_ADDR_MASK) + 4 * (va >> 22)
    pde = read_u32(pde_addr)
    if not pde & PTE_P or pde & PTE_PS:
        return pde_addr, pde, None, None
    pte_addr = (pde & PTE_ADDR_MASK) + 4 * ((va >> 12) & (PT_ENTRIES - 1))
    return pde_addr, pde, pte_addr, read_u32(pte_addr)


class PageShower:
    """Shows hidden heap pages to gdb while the kernel is stopped.

    kmemcheck hides a tracked page by clearing PTE_P (PTE_HIDDEN stays
    set), so every access faults, gdb's included: QEMU's stub translates
    each address gdb reads by walking the guest's page tables, as the CPU
    would, and finds the page not present. At each stop this sets PTE_P in
    the entries that are hidden (PTE_HIDDEN set, PTE_P clear), and before
    anything lets the kernel run again it clears PTE_P in exactly those
    entries. The kernel cannot tell: it does not run in between, and no
    TLB holds the shown translation afterwards, since the CPU never
    caches a translation whose entry was not present (SDM Vol. 3A,
    4.10.2.3) and QEMU's stub walks the tables without filling the TLB
    or setting Accessed bits. An entry that is present while kmemcheck
    has PTE_HIDDEN set is a page kmemcheck itself showed for the
    instruction it is single-stepping: it is not in the list, and stays
    as it is.
    """

    def __init__(self):
        self.shown = []     # (PTE address, linear address of the page)

    def show(self):
        if self.shown or not gdb.selected_inferior().pid:
            return
        try:
            for pt, pdx in page_tables():
                for ptx, pte in enumerate(read_u32s(pt, PT_ENTRIES)):
                    if pte & PTE_HIDDEN and not pte & PTE_P:
                        addr = pt + 4 * ptx
                        write_u32(addr, pte | PTE_P)
                        self.shown.append((addr, (pdx << 22) | (ptx << 12)))
        except gdb.error:
            # A stop where memory cannot be read (the machine gone):
            # nothing was shown that needs hiding.
            pass

    def hide(self):
        shown, self.shown = self.shown, []
        for addr, _ in shown:
            try:
                pte = read_u32(addr)
                if pte & PTE_P:
                    write_u32(addr, pte & ~PTE_P)
            except gdb.error:
                return

    def is_shown(self, va):
        page = va & PTE_ADDR_MASK
        return any(page == v for _, v in self.shown)


SHOWER = PageShower()

# The commands that let the kernel run again: each gets a pre-hook that
# hides the pages first (a gdb hook runs before its command, and for its
# aliases: c, si, ...). gdb's `cont` event comes only after the target is
# resumed, too late for that. quit and detach let QEMU run on without gdb.
RESUMING = ('continue', 'next', 'step', 'nexti', 'stepi', 'finish', 'until',
            'advance', 'jump', 'signal', 'detach', 'disconnect', 'kill',
            'quit')


def install_hooks():
    # hook-stop runs before gdb prints the stop and evaluates `display`,
    # so those see the heap too. The stop event below does the same for a
    # user who defines a hook-stop of their own.
    gdb.execute('define hook-stop\nkmc-pages show\nend')
    for cmd in RESUMING:
        gdb.execute('define hook-%s\nkmc-pages hide\nend' % cmd)
    gdb.events.stop.connect(lambda ev: SHOWER.show())
    gdb.events.inferior_call.connect(on_inferior_call)
    gdb.events.cont.connect(on_resumed)
    gdb.events.gdb_exiting.connect(lambda ev: SHOWER.hide())


def on_inferior_call(event):
    """`print f(x)` runs kernel code: with the pages hidden."""
    if isinstance(event, gdb.InferiorCallPreEvent):
        SHOWER.hide()
    else:
        SHOWER.show()


def on_resumed(event):
    """A resume no hook saw (an MI command of a front end, say) leaves
    the pages present: kmemcheck never hides a page it did not show, so
    accesses to them go unchecked from then on. Say so."""
    if SHOWER.shown:
        print('kmc: warning: the kernel resumed by a command without a '
              'hook, with %d hidden heap pages shown to gdb: accesses to '
              'them go unchecked from now on' % len(SHOWER.shown))
        SHOWER.shown = []


class KmcPages(gdb.Command):
    """kmc-pages [show|hide]: the hidden heap pages shown to gdb.

Without an argument, lists the pages that are hidden from the kernel and
shown to gdb while it is stopped. `show` and `hide` are run by the hooks
of .gdbinit at each stop and before each command that resumes the kernel;
there is no need to type them."""

    def __init__(self):
        super().__init__('kmc-pages', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        if arg == 'show':
            SHOWER.show()
        elif arg == 'hide':
            SHOWER.hide()
        elif arg:
            raise KmcError('usage: kmc-pages [show|hide]')
        else:
            n = len(SHOWER.shown)
            print('%d hidden heap page%s shown to gdb while stopped%s'
                  % (n, '' if n == 1 else 's', ':' if n else ''))
            for addr, va in SHOWER.shown:
                print('  0x%08x (PTE at 0x%08x)' % (va, addr))


def evaluate(expr):
    """A gdb expression's value as a 32-bit number; gdb's own error
    message (no Python traceback) when it has none."""
    try:
        return int(gdb.parse_and_eval(expr)) & 0xffffffff
    except gdb.error as e:
        raise KmcError(str(e))


def parse_addr_len(arg, default_len):
    """ADDR [LEN], ADDR a gdb expression as `x` takes one."""
    argv = gdb.string_to_argv(arg)
    if not argv or len(argv) > 2:
        return None
    addr = evaluate(argv[0])
    n = evaluate(argv[1]) if len(argv) == 2 else default_len
    return addr, n


class KmcShadow(gdb.Command):
    """kmc-shadow ADDR [LEN]: the shadow state of LEN bytes (16) at ADDR.

One letter a byte, as in kmemcheck's reports: a unallocated,
u uninitialized, i initialized, f freed; - for a byte kmemcheck does not
track. ADDR is an expression, as `x` takes one: kmc-shadow p 12."""

    ROW = 16

    def __init__(self):
        super().__init__('kmc-shadow', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        parsed = parse_addr_len(arg, self.ROW)
        if parsed is None:
            raise KmcError('usage: kmc-shadow ADDR [LEN]')
        addr, n = parsed
        if n <= 0 or n > 1 << 16:
            raise KmcError('kmc-shadow: LEN must be 1..65536')
        pages = kernel_var('kmemcheck_shadow_pages')
        letters = kernel_var('kmemcheck_shadow_letter')
        if pages is None or letters is None:
            raise KmcError('kmc-shadow: this kernel has no '
                           'kmemcheck_shadow_pages '
                           'or kmemcheck_shadow_letter')
        nr_letters = letters.type.range()[1] + 1
        letter = [chr(int(letters[i])) for i in range(nr_letters)]
        states = []
        page_cache = {}
        for a in range(addr, addr + n):
            page = (a - LAYOUT['HEAP_START']) // PAGE_SIZE
            if not LAYOUT['HEAP_START'] <= a < LAYOUT['HEAP_END']:
                states.append('-')
                continue
            if page not in page_cache:
                base = int(pages[page])
                page_cache[page] = inferior().read_memory(
                    base, PAGE_SIZE).tobytes() if base else None
            shadow = page_cache[page]
            if shadow is None:
                states.append('-')
            else:
                s = shadow[a % PAGE_SIZE]
                states.append(letter[s] if s < len(letter) else '?')
        for row in range(0, n, self.ROW):
            print('0x%08x: %s' % (addr + row,
                                  ' '.join(states[row:row + self.ROW])))


def pte_flags(entry):
    names = [name for bit, name in PTE_FLAGS if entry & bit]
    return ' '.join(reversed(names))


class KmcPte(gdb.Command):
    """kmc-pte ADDR: the page table entry of ADDR, its flags by name.

Says whether kmemcheck tracks the page and whether it is hidden (every
access faults) or shown (kmemcheck is single-stepping an access to it, or
is switched off).
The entry is printed as the kernel sees it: without the present bit gdb
sets while it is stopped (kmc-pages)."""

    def __init__(self):
        super().__init__('kmc-pte', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise KmcError('usage: kmc-pte ADDR')
        va = evaluate(arg)
        found = lookup_pte(va)
        if found is None:
            print('0x%08x: paging is off' % va)
            return
        pde_addr, pde, pte_addr, pte = found
        print('0x%08x: PDE 0x%08x at 0x%08x [%s]'
              % (va, pde, pde_addr, pte_flags(pde)))
        if pte is None:
            print('0x%08x: no page table: not mapped' % va)
            return
        gdb_shown = SHOWER.is_shown(va)
        if gdb_shown:
            pte &= ~PTE_P
        if pte & PTE_HIDDEN and not pte & PTE_P:
            state = 'hidden: tracked by kmemcheck, every access faults'
            if gdb_shown:
                state += ' (shown to gdb while stopped)'
        elif pte & PTE_HIDDEN and not kernel_var('kmemcheck_active'):
            state = 'shown: tracked, kmemcheck is switched off'
        elif pte & PTE_HIDDEN:
            state = 'shown: tracked, kmemcheck is single-stepping an ' \
                    'access to it'
        elif pte & PTE_P:
            state = 'present, not tracked'
        else:
            state = 'not present'
        print('0x%08x: PTE 0x%08x at 0x%08x [%s] %s'
              % (va, pte, pte_addr, pte_flags(pte), state))


def queued_reports():
    """The pending reports, oldest first, as gdb.Values."""
    queue = kernel_var('queue', 'kmemcheck/error.c')
    head = kernel_var('head', 'kmemcheck/error.c')
    count = kernel_var('count', 'kmemcheck/error.c')
    if queue is None or head is None or count is None:
        raise KmcError('kmc: this kernel has no report queue '
                       '(queue, head, count in kmemcheck/error.c)')
    size = queue.type.range()[1] + 1
    head, count = int(head), int(count)
    return [queue[(head + size - count + i) % size] for i in range(count)]


def access_words(e):
    """Access, size and shadow state of a report of an access."""
    words = []
    access = field(e, 'access')
    if access is None:
        words.append('?')
    else:
        access = int(access)
        names = [n for bit, n in ((OPCODE.get('KMEMCHECK_ACCESS_READ'),
                                   'read'),
                                  (OPCODE.get('KMEMCHECK_ACCESS_WRITE'),
                                   'write')) if bit and access & bit]
        words.append('/'.join(names) or '-')
    size = field(e, 'size')
    words.append('%d-bit' % (8 * int(size)) if size is not None else '?')
    state = field(e, 'state')
    names = kernel_var('kmemcheck_shadow_name')
    if state is None:
        words.append('?')
    elif names is not None and int(state) <= names.type.range()[1]:
        words.append(names[int(state)].string())
    else:
        words.append(str(int(state)))
    return words


def describe_report(e):
    """kind, then for an access its direction, size and shadow state,
    address, EIP, repeats: each field read by name, '?' for one this
    kernel's struct lacks."""
    kinds = enum_names('enum kmemcheck_error_kind', 'KMEMCHECK_ERROR_')
    words = []
    kind = field(e, 'kind')
    words.append(kinds.get(int(kind), str(int(kind)))
                 if kind is not None else '?')
    if words[0] == 'access':
        words += access_words(e)
    address = field(e, 'address')
    words.append('0x%08x' % int(address) if address is not None else '?')
    regs = field(e, 'regs')
    eip = field(regs, 'eip') if regs is not None else None
    words.append('at ' + symbolize(int(eip)) if eip is not None else 'at ?')
    repeat = field(e, 'repeat')
    words.append('repeated %d' % int(repeat) if repeat is not None
                 else 'repeated ?')
    return ' '.join(words)


class KmcReports(gdb.Command):
    """kmc-reports: the reports kmemcheck saved and has not printed yet.

One line each, oldest first: kind, access, size, shadow state, address,
the faulting EIP as function+offset, and how often it repeated."""

    def __init__(self):
        super().__init__('kmc-reports', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        reports = queued_reports()
        print('%d pending report%s' % (len(reports),
                                       '' if len(reports) == 1 else 's'))
        for i, e in enumerate(reports):
            print('  [%d] %s' % (i, describe_report(e)))


class KmcStats(gdb.Command):
    """kmc-stats: kmemcheck's counters, read from the stopped kernel."""

    COUNTERS = (('faults', 'kmemcheck_nr_faults', None),
                ('traps', 'kmemcheck_nr_traps', None),
                ('reports', 'kmemcheck_errors', None),
                ('queued', 'queued_total', 'kmemcheck/error.c'),
                ('pending', 'count', 'kmemcheck/error.c'),
                ('dropped', 'dropped', 'kmemcheck/error.c'),
                ('pages tracked', 'nr_pages', 'kmemcheck/shadow.c'))

    def __init__(self):
        super().__init__('kmc-stats', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        active = kernel_var('kmemcheck_active')
        print('kmemcheck: %s' % ('?' if active is None else
                                 'on' if active else 'off'))
        for label, name, file in self.COUNTERS:
            v = kernel_var(name, file)
            print('  %-14s %s' % (label + ':', '?' if v is None
                                  else int(v)))
        print('  %-14s %d' % ('shown to gdb:', len(SHOWER.shown)))


def report_frame():
    """The frame of the code whose access was reported: the one a trap
    frame interrupted (gdb unwinds the entry stubs as signal frames,
    boot/cfi.inc), else the first one outside kmemcheck and the heap."""
    frame = gdb.newest_frame()
    first_outside = None
    while frame is not None:
        if frame.type() == gdb.SIGTRAMP_FRAME:
            return frame.older()
        sal = frame.find_sal()
        name = sal.symtab.filename if sal.symtab else ''
        if first_outside is None and name and not (
                name.startswith('kmemcheck/') or name == 'mm/heap.c'):
            first_outside = frame
        frame = frame.older()
    return first_outside


class ReportBreakpoint(gdb.Breakpoint):
    """Stops at a return of a function that saves reports when the queue
    gained one (queued_total grew): returns after a folded or dropped
    report pass. Without that counter, it stops at every return."""

    def __init__(self, spec, counter):
        super().__init__(spec, internal=False)
        self.counter = counter

    def stop(self):
        total = kernel_var('queued_total', 'kmemcheck/error.c')
        if total is None:
            return True
        if int(total) == self.counter[0]:
            return False
        self.counter[0] = int(total)
        return True


def function_returns(name):
    """The addresses of the ret instructions of a kernel function."""
    sym = gdb.lookup_global_symbol(name)
    if sym is None:
        return []
    block = gdb.block_for_pc(int(sym.value().address))
    while block.function is None:
        block = block.superblock
    arch = gdb.selected_inferior().architecture()
    return [insn['addr'] for insn in
            arch.disassemble(block.start, block.end - 1)
            if insn['asm'].startswith('ret')]


class KmcBreak(gdb.Command):
    """kmc-break [off]: stop whenever kmemcheck saves a report.

At the stop the frame of the faulting instruction is selected, so `list`,
`info locals`, `print` and `up`/`down` are about the buggy code; `bt`
shows the way from there through the trap to kmemcheck. `kmc-reports`
lists the report. `kmc-break off` removes the breakpoints."""

    # Reports of accesses, saved from the fault path, and of bad calls
    # (double or invalid free), saved by the heap.
    FUNCTIONS = ('kmemcheck_error_save', 'kmemcheck_error_save_call')

    def __init__(self):
        super().__init__('kmc-break', gdb.COMMAND_BREAKPOINTS)
        self.breakpoints = []
        gdb.events.stop.connect(self.on_stop)

    def invoke(self, arg, from_tty):
        for bp in self.breakpoints:
            if bp.is_valid():
                bp.delete()
        self.breakpoints = []
        if arg.strip() == 'off':
            print('kmc-break: off')
            return
        if arg.strip():
            raise KmcError('usage: kmc-break [off]')
        rets = [a for f in self.FUNCTIONS for a in function_returns(f)]
        if not rets:
            raise KmcError('kmc-break: no %s in this kernel'
                           % ' or '.join(self.FUNCTIONS))
        total = kernel_var('queued_total', 'kmemcheck/error.c')
        counter = [int(total) if total is not None else 0]
        self.breakpoints = [ReportBreakpoint('*0x%x' % a, counter)
                            for a in rets]
        print('kmc-break: stopping when kmemcheck saves a report '
              '(breakpoint%s %s)' % ('' if len(rets) == 1 else 's',
                                     ', '.join(str(b.number) for b in
                                               self.breakpoints)))

    def on_stop(self, event):
        if not isinstance(event, gdb.BreakpointEvent) or not any(
                b in self.breakpoints for b in event.breakpoints):
            return
        SHOWER.show()
        reports = queued_reports()
        if reports:
            print('kmc-break: report saved: %s'
                  % describe_report(reports[-1]))
        frame = report_frame()
        if frame is not None:
            frame.select()
            gdb.execute('frame')


def minimal_symbol(pc):
    """The ELF symbol pc lies in (NASM code has no DWARF functions)."""
    text = gdb.execute('info symbol 0x%x' % pc, to_string=True)
    m = re.match(r'(\S+)( \+ \d+)? in section', text)
    return m.group(1) if m else None


class TrapArg:
    """One argument of a trap frame's line in `bt`."""

    def __init__(self, name, value):
        self.name, self.val = name, value

    def symbol(self):
        return self.name

    def value(self):
        return self.val


class TrapFrameDecorator(gdb.FrameDecorator.FrameDecorator):
    """A frame of the entry stubs in `bt`: the stub's name and, once
    trap_common has built it, the trap frame with its vector and error
    code, instead of gdb's `<signal handler called>` (which gdb still
    prints when a stepi stops in a stub)."""

    def function(self):
        frame = self.inferior_frame()
        if frame.type() != gdb.SIGTRAMP_FRAME:
            return super().function()
        return minimal_symbol(frame.pc()) or super().function()

    def frame_args(self):
        frame = self.inferior_frame()
        if frame.type() != gdb.SIGTRAMP_FRAME:
            return super().frame_args()
        tf = self.trap_frame(frame)
        if tf is None:
            return None
        return [TrapArg('tf', tf.address),
                TrapArg('vector', int(tf['vector'])),
                TrapArg('error_code', int(tf['error_code']))]

    @staticmethod
    def trap_frame(frame):
        """The struct trap_frame trap_common passed to trap_dispatch,
        when the frame is at the return from that call: the word at ESP
        is then the pointer it pushed, which points just above itself."""
        try:
            esp = int(frame.read_register('esp')) & 0xffffffff
            if read_u32(esp) != esp + 4:
                return None
            t = gdb.lookup_type('struct trap_frame').pointer()
            return gdb.Value(esp + 4).cast(t).dereference()
        except gdb.error:
            return None


class TrapFrameFilter:
    """Decorates the entry stubs' frames in `bt` (TrapFrameDecorator)."""

    def __init__(self):
        self.name = 'kmemcheck-trap-frames'
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        return map(TrapFrameDecorator, frames)


def register_all():
    KmcPages()
    KmcShadow()
    KmcPte()
    KmcReports()
    KmcStats()
    KmcBreak()
    TrapFrameFilter()
    install_hooks()
    print('kmemcheck gdb helper: print and x see hidden heap pages; '
          'kmc-shadow, kmc-pte, kmc-reports, kmc-stats, kmc-break, '
          'kmc-pages (help kmc-...)')


register_all()
