/** The O ("various sounds") machine types, in a fixed order (the corpus cycles through them). */
import type { Generator } from '../source.ts';
import { compressor } from './compressor.ts';
import { conveyor } from './conveyor.ts';
import { drill } from './drill.ts';
import { fan } from './fan.ts';
import { gearbox } from './gearbox.ts';
import { electricGenerator } from './generator.ts';
import type { MachineParams } from './machine.ts';
import { electricMotor } from './motor.ts';
import { hydraulicPress } from './press.ts';
import { pump } from './pump.ts';
import { turbine } from './turbine.ts';

export const otherGenerators: readonly Generator<MachineParams>[] = [
  fan,
  pump,
  compressor,
  electricMotor,
  gearbox,
  conveyor,
  hydraulicPress,
  drill,
  turbine,
  electricGenerator,
];
