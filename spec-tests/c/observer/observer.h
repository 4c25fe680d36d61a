/*
 * lfp-observe.exe: the spec vectors played on the system's own ws2_32, recorded
 * as an lfp-observations/1 file. This header joins the step mechanics
 * (../steps), the program (main.c: processes, recording, JSON) and the cases
 * generated from the vectors (spec-tests/c/generate-observer.ts).
 */
#ifndef LFP_OBSERVER_H
#define LFP_OBSERVER_H

#include "steps.h"

/* Which recording a run makes: under Wine, on Windows 8 and later, on Windows 7 and older (the plan follows the profile of each). */
enum lfp_kind { LFP_WINE = 0, LFP_NATIVE = 1, LFP_NATIVE_OLD = 2, LFP_KINDS = 3 };

/* A step not run on a target, with the reason (spec-tests/runner/features.ts). */
struct lfp_skip { int step; const char *reason; };

/* How one case is planned for one kind of recording. */
struct lfp_plan
{
    int planned;                 /* the case applies to the kind's profile */
    int isolate;                 /* it may end its process: a process of its own */
    const char *skip;            /* no step can run: why (the case is recorded as skipped) */
    const struct lfp_skip *skipped;
    int nskipped;
    const int *pending_expected; /* steps whose vector expects WSA_IO_PENDING for the profile */
    int npending_expected;
    const char *profile;
};

struct lfp_play;

/* A case of the vectors, generated. */
struct lfp_case
{
    const char *id, *file;
    void (*play)(struct lfp_play *p);
    int steps;
    int startup; /* 0: the case runs without WSAStartup */
    struct lfp_plan plan[LFP_KINDS];
};

extern const struct lfp_case lfp_cases[];
extern const int lfp_case_count;
extern const char lfp_vectors_digest[];
extern const char lfp_package_version[];

/* Where each step's actual goes (`returned`: what an ioctl returned before its completion routine may run). */
typedef void (*lfp_step_sink)(int step, const struct lfp_actual *a, int returned);

/* One case being played: the mechanics' state, the steps the target skips, and where the actuals go. */
struct lfp_play
{
    struct lfp_state st;
    const unsigned char *skip;
    lfp_step_sink sink;
    int stopped, step;
    struct lfp_actual a;
};

/* A generated step: run unless the target skips it or the case stopped; a step that cannot run stops the case. */
int lfp_step_begins(struct lfp_play *p, int step);
void lfp_step_ends(struct lfp_play *p, int ran);
#define LFP_STEP(j, call) do { if (lfp_step_begins(p, (j))) lfp_step_ends(p, (call)); } while (0)

#endif
