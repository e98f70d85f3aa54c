import { runWorkerProcess } from './src/bootstrap';

runWorkerProcess();
