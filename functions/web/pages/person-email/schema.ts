/** The corrected email address: the API's own field (functions/domain/person-actions.ts), rule and message. */
export { emailCorrectionSchema as personEmailFormSchema } from '../../../domain/person-actions.ts';
