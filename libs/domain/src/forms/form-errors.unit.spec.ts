import { describeErrorCodes } from '../testing/error-codes';
import { FORM_ERROR_CODES } from './form-definition';

describeErrorCodes('FORM_ERROR_CODES', FORM_ERROR_CODES, __dirname);
