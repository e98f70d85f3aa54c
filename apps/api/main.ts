import { runApiProcess } from './src/bootstrap';

runApiProcess();
