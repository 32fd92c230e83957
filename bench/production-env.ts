/*
 * Imported first by the benchmark, before Redux Toolkit is evaluated: RTK and Immer branch on
 * NODE_ENV at run time, and a baseline must run the code that production users run. An
 * explicit NODE_ENV from the caller still wins.
 */
process.env.NODE_ENV ??= 'production';
export {};
