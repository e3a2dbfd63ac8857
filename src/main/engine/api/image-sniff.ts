/** The header sniffer lives in src/shared so the editor checks a picked photo exactly as the engine does. */
export * from '../../../shared/image-sniff'
