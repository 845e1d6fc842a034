import { describeErrorCodes } from '../testing/error-codes';
import { CASE_ERROR_CODES } from './case-errors';

describeErrorCodes('CASE_ERROR_CODES', CASE_ERROR_CODES, __dirname, { closed: true });
