// Tests know which kind of task they made: its state with every kind's own part readable.
import type { KindStates, TaskState } from '../../domain/school-task';
import type { TaskKind } from '../../domain/task-kinds';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
export type AnyTaskState = TaskState & Partial<UnionToIntersection<KindStates[TaskKind]>>;
