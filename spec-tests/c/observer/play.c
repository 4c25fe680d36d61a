/*
 * Plays one vector case on the system's ws2_32: one function per step op,
 * called by the generated cases. Each does what the Node player does for the
 * same step (spec-tests/runner/targets/native/player.ts; the comments name the
 * places where it matters) and records the same fields, so the two recordings
 * of a case can be compared field by field. A step that cannot run stops the
 * case with a problem, as a StepFailure does there.
 */
#include "observer.h"
#include <stdio.h>
#include <string.h>

#define SENTINEL 0xDEADBEEFu
#define STATUS_PENDING_ 0x103u
#define INVALID_ADDRESS ((void *)(ULONG_PTR)0x10) /* inside the never-mapped first page */
#define NOT_A_SOCKET ((SOCKET)12345)             /* a value no socket of this process has (Wine's tests use it) */
#define MAX_SOCKETS 96

struct entry
{
    const char *name;
    SOCKET s;
    int closed, family, bound, listening, listen_order;
    struct lfp_addr addr;
};

/* An overlapped operation the case started. The OVERLAPPED comes first: the routine finds its operation by it. */
struct pending
{
    WSAOVERLAPPED ov;
    SOCKET socket;
    WSAEVENT event;
    int routine;
    int ncalls;
    DWORD call_err, call_n, call_flags;
    struct lfp_actual completion; /* the completion fields only */
    const char *as;
    int started;                      /* the call started it (a wait may name it) */
    struct pending *next, *play_next; /* every operation of the process; of the case */
};

struct block { void *p; int virtual_; struct block *next; };

struct lfp_play
{
    const struct lfp_case *c;
    const unsigned char *skip;
    lfp_step_sink sink;
    char *problem;
    size_t problem_size;
    int stopped;
    struct lfp_stats *stats;
    struct entry sockets[MAX_SOCKETS];
    int nsockets, listen_count;
    struct pending *pendings; /* every OVERLAPPED the case handed over, newest first */
    struct block *blocks;
};

/* Every operation any case started whose routine may still be called (the routine looks its operation up here). */
static struct pending *live;

static void fail(struct lfp_play *p, const char *fmt, const char *name)
{
    snprintf(p->problem, p->problem_size, fmt, name);
    p->stopped = 1;
}

/* Zeroed memory that lives until the case ends (or longer, if the system may still write it). */
static void *alloc_block(struct lfp_play *p, size_t n)
{
    struct block *b = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*b));
    b->p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, n ? n : 1);
    b->next = p->blocks;
    p->blocks = b;
    return b->p;
}

/*
 * `len` bytes that end where a no-access page begins: a count larger than the bytes handed
 * over reaches the guard page, never other memory (so this program can pass what the Node
 * driver refuses for memory safety).
 */
static unsigned char *alloc_guarded(struct lfp_play *p, size_t len)
{
    SYSTEM_INFO si;
    DWORD old;
    size_t page, span;
    unsigned char *base;
    struct block *b;

    GetSystemInfo(&si);
    page = si.dwPageSize;
    span = (len + page - 1) / page * page;
    if (!span) span = page;
    base = VirtualAlloc(NULL, span + page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!base) return NULL;
    VirtualProtect(base + span, page, PAGE_NOACCESS, &old);
    b = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*b));
    b->p = base;
    b->virtual_ = 1;
    b->next = p->blocks;
    p->blocks = b;
    return base + span - len;
}

static struct entry *find(struct lfp_play *p, const char *name)
{
    int i;
    for (i = p->nsockets - 1; i >= 0; i--)
        if (!strcmp(p->sockets[i].name, name)) return &p->sockets[i];
    return NULL;
}

static struct entry *sock(struct lfp_play *p, const char *name)
{
    struct entry *e = find(p, name);
    if (!e) fail(p, "socket \"%s\" does not exist (the step that should have created it failed)", name);
    return e;
}

static struct entry *add_socket(struct lfp_play *p, const char *name, SOCKET s, int family)
{
    struct entry *e = find(p, name);
    if (!e && p->nsockets < MAX_SOCKETS) e = &p->sockets[p->nsockets++];
    if (!e) return NULL;
    memset(e, 0, sizeof(*e));
    e->name = name;
    e->s = s;
    e->family = family;
    return e;
}

/* Whether the step runs: not when the case stopped, nor when the target skips it. */
static int begin(struct lfp_play *p, int step)
{
    if (p->stopped || p->skip[step]) return 0;
    p->stats->calls++;
    return 1;
}

static void result(struct lfp_actual *a, int ret)
{
    memset(a, 0, sizeof(*a));
    a->has_ret = a->has_error = 1;
    a->ret = ret == 0 ? 0 : -1;
    a->error = ret == 0 ? 0 : (DWORD)WSAGetLastError();
}

static void record(struct lfp_play *p, int step, int ret)
{
    struct lfp_actual a;
    result(&a, ret);
    p->sink(step, &a, 0);
}

static void non_blocking(SOCKET s, int on)
{
    u_long v = on ? 1 : 0;
    ioctlsocket(s, FIONBIO, &v);
}

static int sockaddr_of(const struct lfp_addr *a, int port, struct sockaddr_storage *ss)
{
    int k;
    memset(ss, 0, sizeof(*ss));
    if (a->family == 4)
    {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((u_short)port);
        in->sin_addr.s_addr = htonl(a->words[0]);
        return sizeof(*in);
    }
    else
    {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((u_short)port);
        for (k = 0; k < 4; k++)
        {
            in6->sin6_addr.s6_addr[k * 4] = (unsigned char)(a->words[k] >> 24);
            in6->sin6_addr.s6_addr[k * 4 + 1] = (unsigned char)(a->words[k] >> 16);
            in6->sin6_addr.s6_addr[k * 4 + 2] = (unsigned char)(a->words[k] >> 8);
            in6->sin6_addr.s6_addr[k * 4 + 3] = (unsigned char)a->words[k];
        }
        return sizeof(*in6);
    }
}

static int port_of(SOCKET s)
{
    struct sockaddr_storage ss;
    int len = 28;
    if (getsockname(s, (struct sockaddr *)&ss, &len) != 0) return 0;
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static int all_zero(const struct lfp_addr *a)
{
    return !a->words[0] && !a->words[1] && !a->words[2] && !a->words[3];
}

void lfp_condition(struct lfp_play *p, int step)
{
    struct lfp_actual a;
    if (!begin(p, step)) return;
    memset(&a, 0, sizeof(a)); /* a condition step with every condition off: nothing to record */
    p->sink(step, &a, 0);
}

void lfp_cannot(struct lfp_play *p, int step, const char *reason)
{
    if (!begin(p, step)) return;
    fail(p, "%s", reason);
}

void lfp_socket(struct lfp_play *p, int step, const char *as, int af, int type, int protocol, DWORD flags)
{
    struct lfp_actual a;
    SOCKET s;
    if (!begin(p, step)) return;
    s = WSASocketW(af, type, protocol, NULL, 0, flags);
    memset(&a, 0, sizeof(a));
    a.has_ret = a.has_error = 1;
    if (s == INVALID_SOCKET)
    {
        a.ret = -1;
        a.error = WSAGetLastError();
    }
    else
    {
        p->stats->sockets_opened++;
        add_socket(p, as, s, af == AF_INET6 ? 6 : 4);
    }
    p->sink(step, &a, 0);
}

void lfp_bind(struct lfp_play *p, int step, const char *s, const struct lfp_addr *addr)
{
    struct sockaddr_storage ss;
    struct entry *e;
    int len, ret;
    if (!begin(p, step) || !(e = sock(p, s))) return;
    len = sockaddr_of(addr, addr->port < 0 ? 0 : addr->port, &ss);
    ret = bind(e->s, (struct sockaddr *)&ss, len);
    if (ret == 0)
    {
        e->bound = 1;
        e->addr = *addr;
    }
    record(p, step, ret);
}

void lfp_listen(struct lfp_play *p, int step, const char *s)
{
    struct entry *e;
    int ret;
    if (!begin(p, step) || !(e = sock(p, s))) return;
    ret = listen(e->s, 0x7fffffff); /* the model has no backlog limit: the system's largest (SOMAXCONN) */
    if (ret == 0 && !e->listening)
    {
        e->listening = 1;
        e->listen_order = ++p->listen_count;
    }
    record(p, step, ret);
}

static void connect_to(struct lfp_play *p, int step, struct entry *c, struct lfp_addr dest, int port)
{
    struct sockaddr_storage ss;
    int len = sockaddr_of(&dest, port, &ss);
    record(p, step, connect(c->s, (struct sockaddr *)&ss, len));
}

/* connect to a socket of the case: its bound address (loopback for a wildcard) at its port (player.ts "connect"). */
void lfp_connect_socket(struct lfp_play *p, int step, const char *s, const char *to)
{
    struct entry *c, *l;
    struct lfp_addr b = { 4, { 0, 0, 0, 0 }, -1 }, dest;
    int any_v6_for_v4, port;
    if (!begin(p, step) || !(c = sock(p, s)) || !(l = sock(p, to))) return;
    if (l->bound) b = l->addr;
    /* An IPv4 client reaches a dual-stack IPv6 listener bound to :: at 127.0.0.1 (winsock#Dual-Stack Sockets). */
    any_v6_for_v4 = b.family == 6 && c->family == 4 && all_zero(&b);
    dest = b;
    if (all_zero(&b))
    {
        struct lfp_addr v4 = { 4, { 0x7f000001, 0, 0, 0 }, -1 }, v6 = { 6, { 0, 0, 0, 1 }, -1 };
        dest = b.family == 4 || any_v6_for_v4 ? v4 : v6;
    }
    port = port_of(l->s);
    if (dest.family == 4 && c->family == 6)
    {
        struct lfp_addr mapped = { 6, { 0, 0, 0xffff, dest.words[0] }, -1 };
        dest = mapped;
    }
    connect_to(p, step, c, dest, port);
}

/* connect to an address: the model ignores ports, so a listener of the case bound to that address is meant. */
void lfp_connect_addr(struct lfp_play *p, int step, const char *s, const struct lfp_addr *to)
{
    struct entry *c;
    int port, order, i, k;
    if (!begin(p, step) || !(c = sock(p, s))) return;
    port = to->port < 0 ? 0 : to->port;
    for (order = 1; order <= p->listen_count; order++)
    {
        for (i = 0; i < p->nsockets; i++)
        {
            const struct entry *l = &p->sockets[i];
            const struct lfp_addr *b = &l->addr;
            int mapped, same = 1, any;
            if (l->listen_order != order || !l->listening || !l->bound) continue;
            mapped = to->family == 6 && b->family == 4 && to->words[2] == 0xffff && to->words[3] == b->words[0];
            for (k = 0; k < 4; k++) same = same && b->words[k] == to->words[k];
            same = same && b->family == to->family;
            any = (b->family == to->family || (b->family == 6 && to->family == 4)) && all_zero(b);
            if (same || mapped || any)
            {
                connect_to(p, step, c, *to, port_of(l->s));
                return;
            }
        }
    }
    connect_to(p, step, c, *to, port);
}

void lfp_accept(struct lfp_play *p, int step, const char *s, const char *as)
{
    struct lfp_actual a;
    struct entry *l;
    SOCKET n = INVALID_SOCKET;
    int err = 0, tries, family;
    if (!begin(p, step) || !(l = sock(p, s))) return;
    non_blocking(l->s, 1);
    for (tries = 0; tries < 20; tries++) /* a loopback connection reaches the queue at once; allow a little slack */
    {
        n = accept(l->s, NULL, NULL);
        if (n != INVALID_SOCKET) break;
        err = WSAGetLastError();
        if (err != WSAEWOULDBLOCK) break;
        SleepEx(10, FALSE);
    }
    non_blocking(l->s, 0);
    memset(&a, 0, sizeof(a));
    a.has_ret = a.has_error = 1;
    if (n == INVALID_SOCKET)
    {
        a.ret = -1;
        a.error = err;
    }
    else
    {
        family = l->family;
        p->stats->sockets_opened++;
        add_socket(p, as, n, family);
    }
    p->sink(step, &a, 0);
}

void lfp_setsockopt(struct lfp_play *p, int step, const char *s, int level, int name, DWORD value)
{
    struct entry *e;
    DWORD v = value;
    if (!begin(p, step) || !(e = sock(p, s))) return;
    record(p, step, setsockopt(e->s, level, name, (const char *)&v, 4));
}

void lfp_send(struct lfp_play *p, int step, const char *s, DWORD n, const char *as)
{
    struct lfp_actual a;
    struct entry *e;
    char *chunk;
    DWORD sent = 0;
    int err = 0;
    (void)as; /* a send's operation is waited for by the model only (the feature queued-send-operations) */
    if (!begin(p, step) || !(e = sock(p, s))) return;
    chunk = alloc_block(p, n < 65536 ? n : 65536);
    non_blocking(e->s, 1);
    while (sent < n)
    {
        int r = send(e->s, chunk, (int)(n - sent < 65536 ? n - sent : 65536), 0);
        if (r < 0)
        {
            err = WSAGetLastError();
            break;
        }
        sent += r;
    }
    non_blocking(e->s, 0);
    memset(&a, 0, sizeof(a));
    a.has_ret = a.has_error = 1;
    if (err != 0 && err != WSAEWOULDBLOCK)
    {
        a.ret = -1;
        a.error = err;
    }
    else
    {
        a.has_completed = 1;
        a.completed = sent == n;
    }
    p->sink(step, &a, 0);
}

void lfp_recv(struct lfp_play *p, int step, const char *s, DWORD n)
{
    struct lfp_actual a;
    struct entry *e;
    char *buf;
    DWORD got = 0, last;
    int err = 0;
    if (!begin(p, step) || !(e = sock(p, s))) return;
    memset(&a, 0, sizeof(a));
    a.has_ret = a.has_error = a.has_received = 1;
    if (n == 0)
    {
        p->sink(step, &a, 0);
        return;
    }
    buf = alloc_block(p, n < 65536 ? n : 65536);
    non_blocking(e->s, 1);
    /* A real stack may hand over fewer bytes than were sent in one recv: read until the count, or until nothing more came for a bounded time. */
    last = GetTickCount();
    while (got < n)
    {
        int r = recv(e->s, buf, (int)(n - got < 65536 ? n - got : 65536), 0);
        if (r > 0)
        {
            got += r;
            last = GetTickCount();
            continue;
        }
        if (r == 0) break;
        err = WSAGetLastError();
        if (err != WSAEWOULDBLOCK) break;
        if (GetTickCount() - last > (DWORD)(got == 0 ? LFP_RECV_FIRST_BYTE_MS : LFP_RECV_IDLE_MS)) break;
        SleepEx(5, FALSE);
    }
    non_blocking(e->s, 0);
    if (got == 0 && err != 0)
    {
        a.ret = -1;
        a.error = err;
    }
    a.received = got;
    p->sink(step, &a, 0);
}

void lfp_close(struct lfp_play *p, int step, const char *s)
{
    struct entry *e;
    int ret;
    if (!begin(p, step) || !(e = sock(p, s))) return;
    ret = closesocket(e->s);
    if (ret == 0)
    {
        e->closed = 1;
        p->stats->sockets_closed++;
    }
    record(p, step, ret);
}

/* The NTSTATUS in an OVERLAPPED's Internal as a Winsock error (host/native/ntstatus.ts): 1 and *out, 0 pending, -1 unknown. */
static int completion_status(DWORD internal, DWORD *out)
{
    static const DWORD map[][2] = {
        { 0, 0 }, { 0xc00000bb, 10045 }, { 0xc000000d, 10022 }, { 0xc0000005, 10014 }, { 0xc0000023, 10014 },
        { 0xc0000120, 995 }, { 0xc0000008, 10038 }, { 0xc0000024, 10038 },
    };
    unsigned i;
    if (internal == SENTINEL || internal == STATUS_PENDING_) return 0;
    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i][0] == internal)
        {
            *out = map[i][1];
            return 1;
        }
    if (internal < 0x10000)
    {
        *out = internal; /* ReactOS stores a Winsock code there directly */
        return 1;
    }
    return -1;
}

static DWORD overlapped_result(struct pending *pd)
{
    DWORD n, flags, e;
    BOOL ok = WSAGetOverlappedResult(pd->socket, &pd->ov, &n, FALSE, &flags);
    e = ok ? 0 : (DWORD)WSAGetLastError();
    return e == WSA_IO_INCOMPLETE ? 997 : e;
}

static DWORD status_now(struct pending *pd, int *pending_)
{
    DWORD s = 0;
    int k = completion_status((DWORD)pd->ov.Internal, &s);
    *pending_ = k == 0;
    return k < 0 ? overlapped_result(pd) : s;
}

/* Wait (bounded, not alertable: no APC runs) until the system wrote the operation's status; WSA_IO_PENDING if it did not. */
static DWORD settled(struct pending *pd)
{
    DWORD start = GetTickCount();
    while (GetTickCount() - start < LFP_COMPLETION_WAIT_MS)
    {
        int pending_;
        DWORD s = status_now(pd, &pending_);
        if (!pending_) return s;
        SleepEx(5, FALSE);
    }
    return 997;
}

/* Wait (bounded) for a started operation and read how it completed (player.ts #complete). */
static void complete(struct pending *pd, struct lfp_actual *c)
{
    int via = LFP_VIA_NONE, pending_;
    DWORD status, high;
    memset(c, 0, sizeof(*c));
    c->has_completion = 1;
    if (pd->routine)
    {
        SleepEx(LFP_COMPLETION_WAIT_MS, TRUE);
        if (pd->ncalls)
        {
            c->via = LFP_VIA_ROUTINE;
            c->status = pd->call_err;
            c->transferred = pd->call_n;
            c->has_flags = 1;
            c->flags = pd->call_flags;
            return;
        }
    }
    else if (pd->event)
    {
        if (WSAWaitForMultipleEvents(1, &pd->event, TRUE, LFP_COMPLETION_WAIT_MS, FALSE) == WSA_WAIT_EVENT_0) via = LFP_VIA_EVENT;
    }
    else
        SleepEx(LFP_COMPLETION_WAIT_MS, FALSE);
    status = status_now(pd, &pending_);
    if (pending_)
    {
        c->via = LFP_VIA_NONE;
        c->status = 997;
        return;
    }
    high = (DWORD)pd->ov.InternalHigh;
    c->via = via;
    c->status = status;
    c->transferred = high == SENTINEL ? 0 : high;
}

static void CALLBACK routine(DWORD err, DWORD n, LPWSAOVERLAPPED ov, DWORD flags)
{
    struct pending *pd;
    for (pd = live; pd; pd = pd->next)
        if (&pd->ov == ov)
        {
            if (pd->ncalls++ == 0)
            {
                pd->call_err = err;
                pd->call_n = n;
                pd->call_flags = flags;
            }
            return;
        }
}

static void bounded_note(struct lfp_actual *a)
{
    if (a->has_completion && !a->completion_null && a->status == 997) a->note = 1;
}

/*
 * WSPIoctl is reached through a provider's WSPStartup. Under Wine 8 mswsock's WSPStartup is an
 * unimplemented stub that ends the process (recorded as "unavailable" by the parent).
 */
static void wsp(struct lfp_play *p)
{
    typedef int (WINAPI *startup_fn)(WORD, void *, void *, void *, void *);
    HMODULE m = LoadLibraryA("mswsock.dll");
    startup_fn f = m ? (startup_fn)(void *)GetProcAddress(m, "WSPStartup") : NULL;
    unsigned char *b;
    if (!f)
    {
        fail(p, "%s", "mswsock.dll has no WSPStartup");
        return;
    }
    b = alloc_block(p, 2048);
    f(0x202, b, b + 600, b + 1300, b + 1500);
    fail(p, "%s", "WSPStartup returned: driving WSPIoctl through the provider's table is not implemented");
}

void lfp_ioctl(struct lfp_play *p, int step, const struct lfp_ioctl *call)
{
    struct lfp_actual a;
    struct pending *pd = NULL;
    SOCKET s;
    void *in = NULL, *out = NULL, *ovp = NULL;
    DWORD *br, brv;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE rt = NULL;
    int ret;
    DWORD err;

    if (!begin(p, step)) return;
    if (call->wsp)
    {
        wsp(p);
        return;
    }
    if (call->handle == LFP_H_NOT_A_SOCKET) s = NOT_A_SOCKET;
    else if (call->handle == LFP_H_INVALID_SOCKET) s = INVALID_SOCKET;
    else
    {
        struct entry *e = sock(p, call->socket);
        if (!e) return;
        s = e->s;
    }
    /* Input and output buffers: exactly what the vector hands over; a larger count ends at a guard page. */
    if (call->in_kind == LFP_P_INVALID) in = INVALID_ADDRESS;
    else if (call->in_kind == LFP_P_VALID)
    {
        in = call->cb_in > call->in_len ? alloc_guarded(p, call->in_len) : alloc_block(p, call->in_len);
        memcpy(in, call->in, call->in_len);
    }
    if (call->out_kind == LFP_P_INVALID) out = INVALID_ADDRESS;
    else if (call->out_kind == LFP_P_VALID)
    {
        out = call->cb_out > call->out_len ? alloc_guarded(p, call->out_len) : alloc_block(p, call->out_len);
        memset(out, 0xcc, call->out_len);
    }
    br = alloc_block(p, 4);
    *br = SENTINEL;
    if (call->overlapped == LFP_OV_INVALID) ovp = INVALID_ADDRESS;
    else if (call->overlapped >= LFP_OV_NOEVENT)
    {
        /* Never freed: the system may write it after the case ends (an operation that never completes). */
        pd = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*pd));
        pd->ov.Internal = SENTINEL;
        pd->ov.InternalHigh = SENTINEL;
        pd->socket = s;
        pd->as = call->as;
        if (call->overlapped == LFP_OV_EVENT)
        {
            pd->event = WSACreateEvent();
            p->stats->events_created++;
            pd->ov.hEvent = pd->event;
        }
        pd->next = live;
        live = pd;
        pd->play_next = p->pendings;
        p->pendings = pd;
        ovp = &pd->ov;
    }
    if (call->routine == LFP_P_INVALID)
    {
        rt = (LPWSAOVERLAPPED_COMPLETION_ROUTINE)INVALID_ADDRESS;
        if (pd) pd->routine = 1; /* waited for alertably like a real one: that is where an APC would call it */
    }
    else if (call->routine == LFP_P_VALID)
    {
        rt = routine;
        if (pd) pd->routine = 1;
    }
    WSASetLastError((int)SENTINEL);
    ret = WSAIoctl(s, call->code, in, call->cb_in, out, call->cb_out,
                   call->bytes_returned == LFP_P_NULL ? NULL : call->bytes_returned == LFP_P_INVALID ? INVALID_ADDRESS : br,
                   ovp, rt);
    err = WSAGetLastError();
    memset(&a, 0, sizeof(a));
    a.has_ret = a.has_error = a.has_errno = a.has_bytes = a.has_completion = 1;
    a.ret = ret == 0 ? 0 : -1;
    a.error = ret == 0 ? 0 : err;
    brv = *br;
    a.bytes_untouched = call->bytes_returned != LFP_P_VALID || brv == SENTINEL;
    a.bytes = a.bytes_untouched ? 0 : brv;
    a.completion_null = 1;
    /* An operation was started when the call pended, or returned 0 with an OVERLAPPED the system used. */
    if (pd && (err == 997 || (ret == 0 && pd->ov.Internal != SENTINEL) || (ret == 0 && pd->routine)))
    {
        if (pd->routine)
        {
            /*
             * A routine (valid or not) runs as an APC at the next alertable wait, where an invalid one
             * faults (Wine 8). What the call returned and the status the operation completed with are
             * said first, read without an alertable wait: a fault in the wait is the completion's.
             */
            struct lfp_actual r = a;
            DWORD now = 0;
            int k = completion_status((DWORD)pd->ov.Internal, &now);
            r.completion_null = 0;
            r.via = LFP_VIA_ROUTINE;
            r.channels_routine = 1;
            r.status = call->routine == LFP_P_INVALID ? settled(pd) : k == 1 ? now : 997;
            r.transferred = 0;
            p->sink(step, &r, 1);
        }
        {
            struct lfp_actual c;
            complete(pd, &c);
            pd->completion = c;
            a.completion_null = 0;
            a.via = c.via;
            a.status = c.status;
            a.transferred = c.transferred;
            a.has_flags = c.has_flags;
            a.flags = c.flags;
            bounded_note(&a);
        }
        pd->started = 1;
    }
    p->sink(step, &a, 0);
}

static struct pending *operation(struct lfp_play *p, const char *name)
{
    struct pending *pd;
    for (pd = p->pendings; pd; pd = pd->play_next)
        if (pd->started && pd->as && !strcmp(pd->as, name)) return pd;
    fail(p, "operation \"%s\" was not started (its ioctl did not start an overlapped operation)", name);
    return NULL;
}

void lfp_wait(struct lfp_play *p, int step, const char *name)
{
    struct lfp_actual a;
    struct pending *pd;
    if (!begin(p, step) || !(pd = operation(p, name))) return;
    if (pd->completion.status == 997) complete(pd, &pd->completion);
    memset(&a, 0, sizeof(a));
    a.has_completion = a.has_completed = 1;
    a.via = pd->completion.via;
    a.status = pd->completion.status;
    a.transferred = pd->completion.transferred;
    a.has_flags = pd->completion.has_flags;
    a.flags = pd->completion.flags;
    a.completed = a.status != 997;
    bounded_note(&a);
    p->sink(step, &a, 0);
}

/* CancelIoEx on the operation, or CancelIo on every operation of the socket this thread issued. */
void lfp_cancel(struct lfp_play *p, int step, const char *s, const char *name)
{
    struct lfp_actual a;
    struct entry *e;
    struct pending *pd = NULL;
    BOOL ok;
    if (!begin(p, step) || !(e = sock(p, s))) return;
    if (name && !(pd = operation(p, name))) return;
    ok = pd ? CancelIoEx((HANDLE)e->s, &pd->ov) : CancelIo((HANDLE)e->s);
    memset(&a, 0, sizeof(a));
    a.has_ret = a.has_error = 1;
    a.ret = ok ? 0 : -1;
    a.error = ok ? 0 : GetLastError();
    p->sink(step, &a, 0);
}

void lfp_play_case(const struct lfp_case *c, const unsigned char *skip, lfp_step_sink sink, char *problem, size_t problem_size, struct lfp_stats *stats)
{
    struct lfp_play *p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*p));
    WSADATA data;
    int started = 0, drained = 0, i, keep = 0;
    struct block *b, *next;
    struct pending *pd;

    p->c = c;
    p->skip = skip;
    p->sink = sink;
    p->problem = problem;
    p->problem_size = problem_size;
    p->stats = stats;
    if (!c->startup)
        while (drained < 16 && WSACleanup() == 0) drained++; /* really without WSAStartup; given back afterwards */
    else if (WSAStartup(0x202, &data) == 0)
    {
        stats->startups++;
        started = 1;
    }
    else
        fail(p, "WSAStartup failed: %s", "the system refused it");
    if (!p->stopped) c->play(p);
    for (i = 0; i < p->nsockets; i++)
        if (!p->sockets[i].closed)
        {
            closesocket(p->sockets[i].s);
            stats->sockets_closed++;
        }
    for (pd = p->pendings; pd; pd = pd->play_next)
        if (pd->event)
        {
            WSACloseEvent(pd->event);
            stats->events_closed++;
        }
    if (started)
    {
        WSACleanup();
        stats->cleanups++;
    }
    for (; drained > 0; drained--) WSAStartup(0x202, &data);
    /* Buffers of operations that never completed stay allocated: the system may still write them. */
    for (pd = p->pendings; pd; pd = pd->play_next) keep = keep || (pd->started && pd->completion.status == 997);
    for (b = p->blocks; b; b = next)
    {
        next = b->next;
        if (!keep)
        {
            if (b->virtual_) VirtualFree(b->p, 0, MEM_RELEASE);
            else HeapFree(GetProcessHeap(), 0, b->p);
        }
        HeapFree(GetProcessHeap(), 0, b);
    }
    HeapFree(GetProcessHeap(), 0, p);
}
