import type { TalentFields } from '../../../contracts/talents.ts';
import type { EmployerKind } from './talent-catalog.ts';

/** How generated people are distributed: categories, ages, degrees, where they work, how they are reached. */

export type Category = TalentFields['category'];
export type Degree = NonNullable<TalentFields['degree']>;
export const CATEGORY_WEIGHTS: [Category, number][] = [['worker', 28], ['youth', 20], ['professional', 18], ['student', 8], ['entrepreneur', 8], ['chamber', 5], ['expert', 5], ['other', 8]];
export const BIRTH_RANGE: Record<Category, [number, number]> = {
  student: [2000, 2005], youth: [1988, 2003], worker: [1960, 2004], expert: [1955, 1990], entrepreneur: [1958, 1995],
  chamber: [1955, 1990], professional: [1965, 2000], other: [1955, 2005],
};
export const DEGREE_WEIGHTS: Record<Category, [Degree, number][]> = {
  expert: [['doctor', 60], ['master', 30], ['bachelor', 10]],
  professional: [['doctor', 10], ['master', 35], ['bachelor', 45], ['college', 10]],
  entrepreneur: [['doctor', 3], ['master', 17], ['bachelor', 40], ['college', 20], ['secondary', 20]],
  youth: [['master', 25], ['bachelor', 60], ['college', 15]],
  worker: [['college', 20], ['secondary', 80]],
  chamber: [['master', 5], ['bachelor', 30], ['college', 30], ['secondary', 35]],
  student: [['doctor', 10], ['master', 30], ['bachelor', 60]],
  other: [['bachelor', 30], ['college', 30], ['secondary', 40]],
};
export const GRAD_AGE: Record<Degree, number> = { doctor: 29, master: 25, bachelor: 22, college: 21, secondary: 18 };
export const DOWNGRADE: Record<Degree, Degree> = { doctor: 'master', master: 'bachelor', bachelor: 'college', college: 'secondary', secondary: 'secondary' };
export const EMPLOYER_KINDS: Record<Category, [EmployerKind, number][]> = {
  expert: [['university', 40], ['research', 30], ['hospital', 20], ['tech', 10]],
  professional: [['hospital', 25], ['tech', 25], ['industry', 15], ['bank', 15], ['state', 10], ['university', 10]],
  youth: [['tech', 35], ['bank', 15], ['industry', 20], ['local', 30]],
  worker: [['industry', 55], ['local', 45]],
  entrepreneur: [['local', 70], ['tech', 20], ['industry', 10]],
  chamber: [['local', 80], ['industry', 20]],
  student: [['university', 100]],
  other: [['local', 60], ['industry', 20], ['state', 20]],
};
export const ABROAD_RATE: Record<Category, number> = { expert: 0.2, professional: 0.03, youth: 0.02, worker: 0, entrepreneur: 0.02, chamber: 0.01, student: 0.1, other: 0.01 };
export const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'];
export const OWNER_POSITIONS = ['董事长', '总经理', '执行董事', '创始人'];
export const WORKER_POSITIONS = ['普工', '技术工人', '电工', '焊工', '司机', '厨师', '销售', '仓管员', '操作工', '班组长', '装修师傅', '快递员'];
