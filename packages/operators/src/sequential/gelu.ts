/** FLOPs per element of GELU in the erf form (decision 0010: the erf polynomial counted as 8). */
export const GELU_FLOPS_PER_ELEMENT = 8;
