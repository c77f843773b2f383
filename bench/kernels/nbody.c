/* The n-body simulation of five planets (double precision), n steps. */
#include "kernel.h"

#define BODIES 5
typedef struct {
  double x, y, z, vx, vy, vz, mass;
} Body;

static Body bodies[BODIES];

static double squareRoot(double x) { return __builtin_sqrt(x); }

static void init(void) {
  const double pi = 3.141592653589793, days = 365.24, solar = 4 * pi * pi;
  const Body initial[BODIES] = {
      {0, 0, 0, 0, 0, 0, solar},
      {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
       1.66007664274403694e-03 * days, 7.69901118419740425e-03 * days,
       -6.90460016972063023e-05 * days, 9.54791938424326609e-04 * solar},
      {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
       -2.76742510726862411e-03 * days, 4.99852801234917238e-03 * days,
       2.30417297573763929e-05 * days, 2.85885980666130812e-04 * solar},
      {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
       2.96460137564761618e-03 * days, 2.37847173959480950e-03 * days,
       -2.96589568540237556e-05 * days, 4.36624404335156298e-05 * solar},
      {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
       2.68067772490389322e-03 * days, 1.62824170038242295e-03 * days,
       -9.51592254519715870e-05 * days, 5.15138902046611451e-05 * solar}};
  for (int i = 0; i < BODIES; i++) bodies[i] = initial[i];
}

static double energy(void) {
  double e = 0;
  for (int i = 0; i < BODIES; i++) {
    Body* b = &bodies[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (int j = i + 1; j < BODIES; j++) {
      double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y, dz = b->z - bodies[j].z;
      e -= b->mass * bodies[j].mass / squareRoot(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

uint32_t run(uint32_t n) {
  init();
  const double dt = 0.01;
  for (uint32_t step = 0; step < n; step++) {
    for (int i = 0; i < BODIES; i++) {
      Body* a = &bodies[i];
      for (int j = i + 1; j < BODIES; j++) {
        Body* b = &bodies[j];
        double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
        double d2 = dx * dx + dy * dy + dz * dz;
        double mag = dt / (d2 * squareRoot(d2));
        a->vx -= dx * b->mass * mag;
        a->vy -= dy * b->mass * mag;
        a->vz -= dz * b->mass * mag;
        b->vx += dx * a->mass * mag;
        b->vy += dy * a->mass * mag;
        b->vz += dz * a->mass * mag;
      }
    }
    for (int i = 0; i < BODIES; i++) {
      bodies[i].x += dt * bodies[i].vx;
      bodies[i].y += dt * bodies[i].vy;
      bodies[i].z += dt * bodies[i].vz;
    }
  }
  return (uint32_t)(int64_t)(energy() * -1e9);
}
